// The page's red list section (诚信红名单, 五(三)): GET /v1/public/red-list?name=. Plain DOM; server values set with textContent only.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);

  function show(text, isError) {
    const status = $("red-list-status");
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function render(items) {
    window.JpPublicPage.renderList($("red-list-results"), items,
      (item) => [["姓名/名称", item.name], ["证件号码", item.idNumberMasked], ["类别", item.category], ["列入日期", item.since]],
      "未查询到红名单记录", "红名单查询结果");
  }

  $("red-list-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = $("r-name").value.trim();
    if (name.length < 2) {
      show("请填写姓名或单位名称（至少 2 个字）。", true);
      $("r-name").focus();
      return;
    }
    show("正在查询……", false);
    let response;
    let body = null;
    try {
      response = await fetch("/v1/public/red-list?" + new URLSearchParams({ name }).toString(), { headers: { Accept: "application/json" } });
      try { body = await response.json(); } catch { body = null; }
    } catch {
      show("网络错误，请稍后再试。", true);
      return;
    }
    if (!response.ok) {
      $("red-list-results").replaceChildren();
      show(window.JpPublicPage.problemText(response.status, body), true);
      return;
    }
    render(body.items);
    show(body.items.length === 0 ? "" : "共 " + body.items.length + " 条", false);
  });
})();
