// The public query page: plain DOM, no framework. Every value from the server is set with textContent, never as HTML.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const pageSize = 20;
  let lastQuery = null;

  // The API's problem details are in English; the page shows them in Chinese (problems.js), by the field's label here.
  const problems = window.JpProblems.create({
    fields: {
      name: "姓名或单位名称",
      idNumber: "证件号码",
      page: "页码",
      pageSize: "每页条数",
      agencyCode: "被投诉单位",
      description: "投诉内容",
      contact: "联系方式",
      subject: "涉及的失信被执行人",
      "subject.idType": "证件类型",
      "subject.idNumber": "证件号码",
      "subject.name": "姓名或名称",
    },
  });
  const problemText = problems.problemText;
  const markInvalid = problems.markInvalid;

  const queryControls = { name: "q-name", idNumber: "q-id" };
  const complaintControls = {
    agencyCode: "c-agency", description: "c-description", contact: "c-contact",
    subject: "c-id", "subject.idType": "c-id-type", "subject.idNumber": "c-id", "subject.name": "c-name",
  };

  async function readJson(response) {
    try { return await response.json(); } catch { return null; }
  }

  function show(statusEl, text, isError) {
    statusEl.textContent = text;
    statusEl.className = isError ? "error" : "";
  }

  /**
   * One list of results (the debtor query, the red list): emptyText when there is none, else a list labelled label with
   * one dl per item of fields(item) ([title, value] pairs); decorate(title, dd, item), when given, adds to a value.
   */
  function renderList(container, items, fields, emptyText, label, decorate) {
    container.replaceChildren();
    if (items.length === 0) {
      const empty = document.createElement("p");
      empty.className = "empty";
      empty.textContent = emptyText;
      container.append(empty);
      return;
    }
    const list = document.createElement("ul");
    list.className = "results";
    list.setAttribute("aria-label", label);
    for (const item of items) {
      const dl = document.createElement("dl");
      for (const [title, value] of fields(item)) {
        const dt = document.createElement("dt");
        dt.textContent = title;
        const dd = document.createElement("dd");
        dd.textContent = value;
        if (decorate) decorate(title, dd, item);
        dl.append(dt, dd);
      }
      const li = document.createElement("li");
      li.append(dl);
      list.append(li);
    }
    container.append(list);
  }

  function renderResults(data) {
    renderList($("results"), data.items,
      (item) => [["姓名/名称", item.name], ["证件号码", item.idNumberMasked], ["案号", item.caseNumber], ["执行法院", item.court], ["公布日期", item.listedOn]],
      "未查询到记录", "查询结果",
      (title, dd, item) => {
        if (title === "姓名/名称" && item.match === "similar") {
          const tag = document.createElement("span");
          tag.className = "similar";
          tag.textContent = "相近姓名";
          dd.append(tag);
        }
      });
  }

  // The red list's section (red-list.js) renders and explains errors the same way.
  window.JpPublicPage = { renderList, problemText };

  async function runQuery(query) {
    const status = $("query-status");
    const params = new URLSearchParams({ page: String(query.page), pageSize: String(pageSize) });
    if (query.name) params.set("name", query.name);
    if (query.idNumber) params.set("idNumber", query.idNumber);
    show(status, "正在查询……", false);
    let response;
    try {
      response = await fetch("/v1/public/debtors?" + params.toString(), { headers: { Accept: "application/json" } });
    } catch {
      show(status, "网络错误，请稍后再试。", true);
      return;
    }
    const body = await readJson(response);
    markInvalid(queryControls, response.ok ? null : body);
    if (!response.ok) {
      $("results").replaceChildren();
      $("pager").hidden = true;
      show(status, problemText(response.status, body), true);
      return;
    }
    lastQuery = query;
    renderResults(body);
    show(status, body.items.length === 0 ? "" : "第 " + body.page + " 页，共 " + body.items.length + " 条", false);
    $("pager").hidden = !(body.hasMore || body.page > 1);
    $("prev-page").disabled = body.page <= 1;
    $("next-page").disabled = !body.hasMore;
    $("page-label").textContent = "第 " + body.page + " 页";
  }

  $("query-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const name = $("q-name").value.trim();
    const idNumber = $("q-id").value.trim();
    // The name is required and the number only narrows (CONTRACT "Public"): a masked number alone could be completed by trying.
    if (name.length < 2) {
      show($("query-status"), "请填写姓名或单位名称（至少 2 个字）；证件号码仅用于缩小范围。", true);
      $("q-name").setAttribute("aria-invalid", "true");
      $("q-name").focus();
      return;
    }
    runQuery({ name, idNumber, page: 1 });
  });
  $("prev-page").addEventListener("click", () => lastQuery && runQuery({ ...lastQuery, page: lastQuery.page - 1 }));
  $("next-page").addEventListener("click", () => lastQuery && runQuery({ ...lastQuery, page: lastQuery.page + 1 }));

  $("complaint-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = $("complaint-status");
    const body = { agencyCode: $("c-agency").value, description: $("c-description").value.trim() };
    const missing = [];
    if (!body.agencyCode) missing.push("请选择被投诉单位");
    if (!body.description) missing.push("请填写投诉内容");
    if (missing.length > 0) {
      show(status, missing.join("；") + "。", true);
      return;
    }
    const idNumber = $("c-id").value.trim();
    const name = $("c-name").value.trim();
    if (idNumber || name) {
      body.subject = { idType: $("c-id-type").value, idNumber, name };
    }
    const contact = $("c-contact").value.trim();
    if (contact) body.contact = contact;
    const submit = event.target.querySelector("button[type=submit]");
    submit.disabled = true;
    show(status, "正在提交……", false);
    try {
      const response = await fetch("/v1/public/complaints", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
      });
      const result = await readJson(response);
      markInvalid(complaintControls, response.status === 201 ? null : result);
      if (response.status === 201 && result && result.id) {
        show(status, "投诉已受理，受理编号：" + result.id + "。请保存此编号，可在下方“查询投诉进度”中查询处理结果。", false);
        status.dataset.complaintId = result.id;
        event.target.reset();
        $("p-id").value = result.id;
      } else {
        show(status, problemText(response.status, result), true);
      }
    } catch {
      show(status, "网络错误，请稍后再试。", true);
    } finally {
      submit.disabled = false;
    }
  });

  // The agencies a complaint may name: their names are shown, their codes submitted.
  async function loadAgencies() {
    const select = $("c-agency");
    try {
      const response = await fetch("/v1/public/agencies", { headers: { Accept: "application/json" } });
      const body = await readJson(response);
      if (!response.ok || !body || !Array.isArray(body.items)) {
        throw new Error("agencies");
      }
      for (const agency of body.items) {
        const option = document.createElement("option");
        option.value = agency.code;
        option.textContent = agency.name;
        select.append(option);
      }
    } catch {
      show($("complaint-status"), "被投诉单位列表加载失败，请刷新页面重试。", true);
    }
  }

  const complaintStatuses = {
    open: "待处理：有关单位正在调查核实",
    justified: "已办结：投诉属实",
    unfounded: "已办结：投诉不属实",
  };
  const complaintIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  function chinaTime(instant) {
    const date = new Date(instant);
    return Number.isNaN(date.getTime()) ? "" : date.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
  }

  function renderProgress(complaint) {
    const dl = document.createElement("dl");
    dl.className = "progress";
    const rows = [["受理编号", complaint.id], ["处理状态", complaintStatuses[complaint.status] || "处理中"], ["提交时间", chinaTime(complaint.filedAt)]];
    if (complaint.resolvedAt) rows.push(["办结时间", chinaTime(complaint.resolvedAt)]);
    if (complaint.response) rows.push(["处理答复", complaint.response]);
    if (complaint.punishmentApplied) rows.push(["惩戒情况", "已依法对失信被执行人实施惩戒"]);
    for (const [label, value] of rows) {
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.textContent = value;
      dl.append(dt, dd);
    }
    $("progress-result").replaceChildren(dl);
  }

  $("progress-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = $("progress-status");
    const input = $("p-id");
    const id = input.value.trim();
    $("progress-result").replaceChildren();
    input.removeAttribute("aria-invalid");
    if (!complaintIdPattern.test(id)) {
      show(status, id ? "受理编号格式不正确，请核对后重新输入（提交投诉时显示的 36 位编号）。" : "请填写投诉受理编号。", true);
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    show(status, "正在查询……", false);
    try {
      const response = await fetch("/v1/public/complaints/" + encodeURIComponent(id), { headers: { Accept: "application/json" } });
      const body = await readJson(response);
      if (response.ok && body) {
        show(status, "", false);
        renderProgress(body);
      } else if (response.status === 404) {
        show(status, "未找到该受理编号的投诉，请核对后重新输入。", true);
        input.setAttribute("aria-invalid", "true");
      } else {
        show(status, problemText(response.status, body), true);
      }
    } catch {
      show(status, "网络错误，请稍后再试。", true);
    }
  });

  loadAgencies();
})();
