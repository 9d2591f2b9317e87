// The public query page: plain DOM, no framework. Every value from the server is set with textContent, never as HTML.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const pageSize = 20;
  let lastQuery = null;

  function problemText(status, problem) {
    if (status === 429) {
      return "查询过于频繁，请稍后再试。";
    }
    if (problem && problem.errors) {
      return Object.entries(problem.errors).map(([field, messages]) => field + "：" + messages.join("；")).join("\n");
    }
    return (problem && (problem.detail || problem.title)) || ("请求失败（" + status + "）");
  }

  async function readJson(response) {
    try { return await response.json(); } catch { return null; }
  }

  function show(statusEl, text, isError) {
    statusEl.textContent = text;
    statusEl.className = isError ? "error" : "";
  }

  function renderResults(data) {
    const results = $("results");
    results.replaceChildren();
    if (data.items.length === 0) {
      const empty = document.createElement("p");
      empty.className = "empty";
      empty.textContent = "未查询到记录";
      results.append(empty);
      return;
    }
    const list = document.createElement("ul");
    list.className = "results";
    list.setAttribute("aria-label", "查询结果");
    for (const item of data.items) {
      const li = document.createElement("li");
      const dl = document.createElement("dl");
      const rows = [["姓名/名称", item.name], ["证件号码", item.idNumberMasked], ["案号", item.caseNumber], ["执行法院", item.court], ["公布日期", item.listedOn]];
      for (const [label, value] of rows) {
        const dt = document.createElement("dt");
        dt.textContent = label;
        const dd = document.createElement("dd");
        dd.textContent = value;
        if (label === "姓名/名称" && item.match === "similar") {
          const tag = document.createElement("span");
          tag.className = "similar";
          tag.textContent = "相近姓名";
          dd.append(tag);
        }
        dl.append(dt, dd);
      }
      li.append(dl);
      list.append(li);
    }
    results.append(list);
  }

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
    const body = { agencyCode: $("c-agency").value.trim(), description: $("c-description").value.trim() };
    if (!body.agencyCode || !body.description) {
      show(status, "请填写被投诉单位代码和投诉内容。", true);
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
      if (response.status === 201 && result && result.id) {
        show(status, "投诉已受理，受理编号：" + result.id + "。请保存此编号以查询处理结果。", false);
        status.dataset.complaintId = result.id;
        event.target.reset();
      } else {
        show(status, problemText(response.status, result), true);
      }
    } catch {
      show(status, "网络错误，请稍后再试。", true);
    } finally {
      submit.disabled = false;
    }
  });
})();
