// Problem details (RFC 9457) from the API, shown in Chinese: by field (its label on the page) and by message (the known
// messages; any other becomes "填写有误"). No English text of the server reaches a page. Shared by the public page and
// the operator console (/operator), each giving its own field labels, messages and status texts.
"use strict";

window.JpProblems = (function () {
  const commonMessages = [
    [/^is required: idNumber only narrows/, () => "必须填写；证件号码仅用于缩小查询范围"],
    [/^is required$/, () => "为必填项"],
    [/^must not be empty$/, () => "不能为空"],
    [/^must be (\d+) to (\d+) characters$/, (m) => "应为 " + m[1] + " 至 " + m[2] + " 个字"],
    [/^must be at most (\d+) characters$/, (m) => "不能超过 " + m[1] + " 个字"],
    [/^must be a resident id, unified social credit code, organisation code or passport number$/, () => "不是有效的身份证号、统一社会信用代码、组织机构代码或护照号"],
    [/^no agency is registered with this code$/, () => "不是已登记的单位，请从列表中选择"],
    [/^must be one of:/, () => "不是可选的值"],
    [/^is not a known field$/, () => "不是可提交的内容"],
    [/^only the first (\d+) results can be paged through/, (m) => "只能翻阅前 " + m[1] + " 条结果，请缩小查询范围"],
    [/^must be a date YYYY-MM-DD$/, () => "应为日期（年-月-日）"],
    [/^must be an integer from (\d+) to (\d+)$/, (m) => "应为 " + m[1] + " 至 " + m[2] + " 之间的整数"],
    [/^must have at most (\d+) items$/, (m) => "最多 " + m[1] + " 项"],
  ];
  const commonStatuses = {
    400: "提交的内容有误，请核对后重试。",
    404: "未找到相关记录。",
    413: "提交的内容过长，请删减后重试。",
    429: "查询过于频繁，请稍后再试。",
  };

  /**
   * A translator for one page: options.fields maps a field path ("subject.idNumber") to its label; options.messages are
   * [pattern, text] pairs tried before the common ones; options.statuses the texts of HTTP statuses without field errors.
   */
  function create(options) {
    const labels = options.fields || {};
    const messages = (options.messages || []).concat(commonMessages);
    const statuses = Object.assign({}, commonStatuses, options.statuses || {});

    function translate(field, message) {
      for (const [pattern, text] of messages) {
        const match = pattern.exec(message);
        if (match) return text(match);
      }
      // Identity numbers are checked with their check characters; every other reason means the same to a reader.
      return field.endsWith("idNumber") ? "格式不正确或校验位有误" : "填写有误，请核对";
    }

    // "measures[1]" is the second item of the field "measures".
    function fieldLabel(field) {
      if (labels[field]) return labels[field];
      const item = /^(.*)\[(\d+)\]$/.exec(field);
      if (item && labels[item[1]]) return labels[item[1]] + "（第 " + (Number(item[2]) + 1) + " 项）";
      return "提交的内容";
    }

    // overrides: status texts for this one request (what a 404 or 409 means depends on what was asked).
    function problemText(status, problem, overrides) {
      const texts = Object.assign({}, statuses, overrides || {});
      if (status === 429) {
        return texts[429];
      }
      if (problem && problem.errors && typeof problem.errors === "object") {
        return Object.entries(problem.errors)
          .map(([field, list]) => fieldLabel(field) + "：" + (Array.isArray(list) ? list : [String(list)]).map((m) => translate(field, String(m))).join("；"))
          .join("\n");
      }
      return texts[status] || (status >= 500 ? "服务暂时不可用，请稍后再试。" : "请求失败（" + status + "），请稍后再试。");
    }

    // Marks the controls the server named (aria-invalid), so a reader of the form finds the field the message is about.
    function markInvalid(controls, problem) {
      for (const id of Object.values(controls)) {
        document.getElementById(id).removeAttribute("aria-invalid");
      }
      if (problem && problem.errors && typeof problem.errors === "object") {
        for (const field of Object.keys(problem.errors)) {
          const id = controls[field] || controls[field.replace(/\[\d+\]$/, "")];
          if (id) document.getElementById(id).setAttribute("aria-invalid", "true");
        }
      }
    }

    return { problemText, markInvalid, fieldLabel, translate };
  }

  return { create };
})();
