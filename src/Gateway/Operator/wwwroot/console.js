// The operator console (/operator): plain DOM, no framework. Every value from the server is set with textContent, never
// as HTML. The operator key is typed once and kept in this browser session's storage only; each request sends it as a
// bearer header. Problem details are shown in Chinese by field (problems.js, shared with the public page).
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const keyStorage = "jp.operatorKey";

  const problems = window.JpProblems.create({
    fields: {
      code: "代码",
      name: "名称",
      measures: "惩戒措施",
      higherCourt: "上级法院",
      role: "角色",
      subject: "主体",
      "subject.idType": "证件类型",
      "subject.idNumber": "证件号码",
      "subject.name": "姓名或名称",
      idType: "证件类型",
      idNumber: "证件号码",
      category: "类别",
      basis: "认定依据",
      until: "有效期至",
      from: "起始日期",
      to: "截止日期",
      agency: "机构代码",
      status: "处理状态",
      limit: "每页条数",
      after: "起始位置",
    },
    messages: [
      [/^may contain only letters, digits/, () => "只能包含字母、数字、“-”和“_”，并以字母或数字开头"],
      [/^is not a measure code of the catalogue/, () => "不是惩戒措施目录中的措施"],
      [/^must be the code of another registered court/, () => "应为另一家已登记法院的代码"],
      [/^must not be in the past$/, () => "不能早于今天"],
      [/^must be an agency code$/, () => "应为机构代码"],
      [/^must be a code/, () => "应为代码"],
      [/^must be an entry id/, () => "应为审计记录编号"],
      [/^must be on or before to, at most (\d+) days earlier$/, (m) => "不能晚于截止日期，且最多早 " + m[1] + " 天"],
      [/^must be between (\S+) and (\S+)$/, (m) => "应在 " + m[1] + " 至 " + m[2] + " 之间"],
    ],
    statuses: {
      401: "操作员密钥无效或未填写，请在页面顶部填写操作员密钥。",
      403: "该密钥无权执行此操作，需要操作员密钥。",
      404: "未找到。",
      409: "与已有记录冲突。",
    },
  });

  const idTypes = [["resident_id", "居民身份证"], ["uscc", "统一社会信用代码"], ["org_code", "组织机构代码"], ["passport", "护照"]];
  const consumerRoles = { credit_platform: "公共信用信息系统", node: "下级节点" };
  const complaintStatuses = { open: "待处理", justified: "投诉属实", unfounded: "投诉不属实" };
  const overdueSteps = { correction_review: "纠错申请审查", delisting: "屏蔽或撤销", reconsideration: "复议审查", objection: "异议处理" };
  const auditActions = {
    agency_registered: "登记机构", court_registered: "登记法院", consumer_registered: "登记数据使用方",
    key_rotated: "更换密钥", key_revoked: "吊销密钥", red_list_added: "列入红名单", red_list_removed: "移出红名单",
    objection_referred: "移送异议", subject_viewed: "查看主体", court_events: "法院报送", court_event_applied: "法院事项生效",
  };
  const actorRoles = { operator: "操作员", court: "法院", agency: "机构" };

  // ---- requests -------------------------------------------------------------------------------------------------

  /** The API's answer: { ok, status, body }; a network failure is status 0. */
  async function api(method, path, body) {
    const headers = { Accept: "application/json", Authorization: "Bearer " + (sessionStorage.getItem(keyStorage) || "") };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      return { ok: false, status: 0, body: null };
    }
    let json = null;
    try { json = await response.json(); } catch { json = null; }
    return { ok: response.ok, status: response.status, body: json };
  }

  function show(el, text, isError) {
    el.textContent = text;
    el.className = isError ? "error" : "";
  }

  function failure(el, result, overrides) {
    show(el, result.status === 0 ? "网络错误，请稍后再试。" : problems.problemText(result.status, result.body, overrides), true);
  }

  function chinaTime(instant) {
    if (!instant) return "";
    const date = new Date(instant);
    return Number.isNaN(date.getTime()) ? "" : date.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
  }

  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text === undefined || text === null ? "" : String(text);
    if (className) td.className = className;
    return td;
  }

  function button(text, label, onClick, secondary) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    if (label) b.setAttribute("aria-label", label);
    if (secondary) b.className = "secondary";
    b.addEventListener("click", onClick);
    return b;
  }

  function emptyRow(body, columns, text) {
    const td = cell(body.insertRow(), text);
    td.colSpan = columns;
  }

  function pairs(dl, rows) {
    dl.replaceChildren();
    for (const [label, value] of rows) {
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.textContent = value === undefined || value === null ? "" : String(value);
      dl.append(dt, dd);
    }
  }

  // ---- the key and the tabs -------------------------------------------------------------------------------------

  const loaders = {};
  let current = "stats";

  function selectTab(name) {
    current = name;
    for (const tab of document.querySelectorAll("[role=tab]")) {
      const selected = tab.id === "tab-" + name;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      $(tab.getAttribute("aria-controls")).hidden = !selected;
    }
    if (sessionStorage.getItem(keyStorage) && loaders[name]) loaders[name]();
  }

  const tabs = [...document.querySelectorAll("[role=tab]")];
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => selectTab(tab.id.slice(4)));
    tab.addEventListener("keydown", (event) => {
      const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      next.focus();
      selectTab(next.id.slice(4));
    });
  });

  $("key").value = sessionStorage.getItem(keyStorage) || "";
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(keyStorage, $("key").value.trim());
    show($("key-status"), "已保存，仅在本次浏览会话中有效。", false);
    if (loaders[current]) loaders[current]();
  });

  // ---- statistics -----------------------------------------------------------------------------------------------

  function bar(parent, value, max, kind, label) {
    const span = document.createElement("span");
    span.className = "bar " + kind;
    span.style.width = (max > 0 ? Math.max(value > 0 ? 1 : 0, 160 * value / max) : 0) + "px";
    span.title = label + "：" + value;
    parent.append(span, document.createElement("br"));
  }

  function drawDaily(items) {
    const svg = $("daily");
    svg.replaceChildren();
    const days = new Map();
    for (const item of items) {
      const day = days.get(item.day) || { checks: 0, hits: 0 };
      day.checks += item.checks; day.hits += item.hits;
      days.set(item.day, day);
    }
    const entries = [...days.entries()].sort((a, b) => a[0].localeCompare(b[0]));
    const width = svg.clientWidth || 900, height = 180, bottom = 20, max = Math.max(1, ...entries.map((e) => e[1].checks));
    const step = entries.length ? width / entries.length : width;
    const ns = "http://www.w3.org/2000/svg";
    entries.forEach(([day, v], i) => {
      for (const [kind, label, value, inset, fill] of [["checks", "比对", v.checks, 0.1, "#6b8fc7"], ["hits", "命中", v.hits, 0.3, "#d9822b"]]) {
        const h = (height - bottom - 10) * value / max;
        const rect = document.createElementNS(ns, "rect");
        rect.setAttribute("x", i * step + step * inset);
        rect.setAttribute("width", Math.max(1, step * (1 - 2 * inset)));
        rect.setAttribute("y", height - bottom - h);
        rect.setAttribute("height", h);
        rect.setAttribute("fill", fill);
        const title = document.createElementNS(ns, "title");
        title.textContent = day + " " + label + "：" + value;
        rect.append(title);
        svg.append(rect);
      }
      if (entries.length <= 31 || i % Math.ceil(entries.length / 31) === 0) {
        const text = document.createElementNS(ns, "text");
        text.setAttribute("x", i * step + 2);
        text.setAttribute("y", height - 6);
        text.textContent = day.slice(5);
        svg.append(text);
      }
    });
  }

  function drawStatsAgencies(items) {
    const fields = ["checks", "hits", "refused", "served", "reviewed"];
    const totals = new Map();
    for (const item of items) {
      const key = item.agency + "\n" + (item.measure || "—");
      const t = totals.get(key) || { agency: item.agency, measure: item.measure || "—", checks: 0, hits: 0, refused: 0, served: 0, reviewed: 0 };
      for (const f of fields) t[f] += item[f];
      totals.set(key, t);
    }
    const rows = [...totals.values()].sort((a, b) => b.checks - a.checks);
    const max = Math.max(1, ...rows.map((r) => r.checks));
    const body = $("stats-agencies");
    body.replaceChildren();
    for (const r of rows) {
      const row = body.insertRow();
      cell(row, r.agency); cell(row, r.measure);
      for (const f of fields) cell(row, r[f].toLocaleString("zh-CN"), "num");
      const bars = row.insertCell();
      bar(bars, r.checks, max, "checks", "比对"); bar(bars, r.hits, max, "hits", "命中");
      bar(bars, r.refused, max, "refused", "拒绝"); bar(bars, r.served, max, "served", "已办理");
    }
    if (!rows.length) emptyRow(body, 8, "所选期间没有比对记录");
  }

  loaders.stats = async () => {
    const query = new URLSearchParams();
    for (const [id, name] of [["stats-from", "from"], ["stats-to", "to"], ["stats-agency", "agency"]]) {
      if ($(id).value.trim()) query.set(name, $(id).value.trim());
    }
    const status = $("stats-status");
    show(status, "正在加载……", false);
    const result = await api("GET", "/v1/stats?" + query);
    problems.markInvalid({ from: "stats-from", to: "stats-to", agency: "stats-agency" }, result.ok ? null : result.body);
    if (!result.ok) return failure(status, result);
    show(status, "", false);
    $("stats-from").value = result.body.from; $("stats-to").value = result.body.to;
    drawDaily(result.body.items); drawStatsAgencies(result.body.items);
  };
  $("stats-form").addEventListener("submit", (event) => { event.preventDefault(); loaders.stats(); });

  // ---- agencies, courts, consumers ------------------------------------------------------------------------------

  /** Where a new key is shown, once: with a hint to copy it now, a copy button, and a close that forgets it. */
  function newKeyPanel(kind) {
    const panel = $(kind.prefix + "-key");
    const title = document.createElement("p");
    title.id = kind.prefix + "-key-title";
    title.className = "strong";
    const hint = document.createElement("p");
    hint.textContent = "密钥只显示这一次：请立即复制并妥善交给该" + kind.noun + "，关闭后无法再次查看（遗失只能更换密钥）。";
    const input = document.createElement("input");
    input.id = kind.prefix + "-key-value";
    input.readOnly = true;
    input.size = 60;
    input.setAttribute("aria-labelledby", title.id);
    const copy = button("复制密钥", null, async () => {
      input.select();
      try {
        await navigator.clipboard.writeText(input.value);
        copy.textContent = "已复制";
      } catch {
        copy.textContent = "请按 Ctrl+C 复制";
      }
    });
    const close = button("已保存，关闭", null, () => {
      input.value = "";
      copy.textContent = "复制密钥";
      panel.hidden = true;
    });
    const row = document.createElement("div");
    row.className = "row";
    row.append(input, copy, close);
    panel.append(title, hint, row);
    return { panel, title, input };
  }

  /**
   * One kind of principal: its list (a page at a time, by code), its registration form, and per row the key's
   * rotation (the new key shown once) and revocation (after a confirmation).
   */
  function principals(kind) {
    const state = { next: null };
    const list = $(kind.collection + "-list");
    const status = $(kind.collection + "-status");
    const more = $(kind.collection + "-more");

    const keyPanel = newKeyPanel(kind);

    function showKey(code, apiKey, what) {
      keyPanel.title.textContent = what + "：" + code + " 的新密钥";
      keyPanel.input.value = apiKey;
      keyPanel.panel.hidden = false;
      keyPanel.input.focus();
    }

    async function rotate(code) {
      const result = await api("POST", "/v1/" + kind.collection + "/" + encodeURIComponent(code) + "/keys");
      if (!result.ok) return failure(status, result);
      showKey(code, result.body.apiKey, "已更换密钥，原密钥立即失效");
      show(status, "已为 " + code + " 更换密钥。", false);
      await load(false);
    }

    async function revoke(code) {
      if (!window.confirm("确定吊销 " + code + " 的密钥吗？吊销后该" + kind.noun + "无法再访问平台，直至更换密钥。")) return;
      const result = await api("DELETE", "/v1/" + kind.collection + "/" + encodeURIComponent(code) + "/keys");
      if (!result.ok) return failure(status, result);
      show(status, "已吊销 " + code + " 的密钥。", false);
      await load(false);
    }

    function render(items, append) {
      if (!append) list.replaceChildren();
      for (const item of items) {
        const row = list.insertRow();
        row.dataset.code = item.code;
        cell(row, item.code);
        cell(row, item.name);
        kind.columns(row, item);
        cell(row, item.keyStatus === "revoked" ? "已吊销" : "正常", item.keyStatus === "revoked" ? "revoked" : "");
        cell(row, chinaTime(item.registeredAt));
        const actions = row.insertCell();
        actions.append(
          button("更换密钥", "更换密钥：" + item.code, () => rotate(item.code)),
          document.createTextNode(" "),
          button("吊销密钥", "吊销密钥：" + item.code, () => revoke(item.code), true));
        if (kind.actions) kind.actions(actions, item);
      }
      if (!append && !items.length) emptyRow(list, 6, "尚未登记");
    }

    async function load(append) {
      const query = new URLSearchParams({ limit: "100" });
      if (append && state.next) query.set("after", state.next);
      const result = await api("GET", "/v1/" + kind.collection + "?" + query);
      if (!result.ok) return failure(status, result);
      state.next = result.body.next || null;
      more.hidden = !state.next;
      render(result.body.items, append);
      if (kind.loaded) kind.loaded(result.body.items, append);
    }

    more.addEventListener("click", () => load(true));

    $(kind.prefix + "-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const formStatus = $(kind.prefix + "-form-status");
      const body = kind.body();
      const submit = event.target.querySelector("button[type=submit]");
      submit.disabled = true;
      show(formStatus, "正在登记……", false);
      const result = await api("POST", "/v1/" + kind.collection, body);
      submit.disabled = false;
      problems.markInvalid(kind.controls, result.ok ? null : result.body);
      if (!result.ok) return failure(formStatus, result, { 409: "该代码已被登记，请换一个代码。" });
      show(formStatus, "已登记 " + result.body.code + "。", false);
      showKey(result.body.code, result.body.apiKey, "已登记");
      event.target.reset();
      if (kind.reset) kind.reset();
      await load(false);
    });

    loaders[kind.collection] = async () => {
      if (kind.prepare) await kind.prepare();
      await load(false);
    };
  }

  // The measures an agency may hold: the catalogue (public), by Chinese title, the code submitted.
  let catalogue = null;
  async function loadCatalogue() {
    if (catalogue) return;
    const result = await api("GET", "/v1/catalogue");
    if (!result.ok || !Array.isArray(result.body)) return failure($("agency-form-status"), result);
    catalogue = new Map(result.body.map((m) => [m.code, m]));
    const holder = $("agency-measure-list");
    holder.replaceChildren();
    for (const m of result.body) {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = "measure";
      box.value = m.code;
      label.append(box, document.createTextNode(m.titleZh + "（" + m.code + "，" + m.ref + "）"));
      holder.append(label);
    }
  }

  function measureTitle(code) {
    const m = catalogue && catalogue.get(code);
    return m ? m.titleZh : code;
  }

  principals({
    collection: "agencies", prefix: "agency", noun: "机构",
    controls: { code: "agency-code", name: "agency-name" },
    prepare: loadCatalogue,
    body: () => ({
      code: $("agency-code").value.trim(),
      name: $("agency-name").value.trim(),
      measures: [...document.querySelectorAll("#agency-measure-list input:checked")].map((b) => b.value),
    }),
    columns: (row, item) => cell(row, item.measures.map(measureTitle).join("、")),
  });

  let courtCodes = [];
  principals({
    collection: "courts", prefix: "court", noun: "法院",
    controls: { code: "court-code", name: "court-name", higherCourt: "court-higher" },
    body: () => {
      const body = { code: $("court-code").value.trim(), name: $("court-name").value.trim() };
      if ($("court-higher").value) body.higherCourt = $("court-higher").value;
      return body;
    },
    columns: (row, item) => cell(row, item.higherCourt || "—"),
    actions: (td, item) => td.append(document.createTextNode(" "), button("履职记录", "履职记录：" + item.code, () => courtRecord(item.code), true)),
    // The higher court is chosen among the courts listed.
    loaded: (items, append) => {
      courtCodes = append ? courtCodes.concat(items) : items.slice();
      const select = $("court-higher");
      const chosen = select.value;
      select.replaceChildren(new Option("无", ""));
      for (const c of courtCodes) select.append(new Option(c.name + "（" + c.code + "）", c.code));
      select.value = chosen;
    },
  });

  async function courtRecord(code) {
    const result = await api("GET", "/v1/courts/" + encodeURIComponent(code) + "/record");
    if (!result.ok) return failure($("courts-status"), result, { 404: "该法院未登记。" });
    const r = result.body;
    $("court-record-title").textContent = "履职记录：" + code;
    const rows = [["纳入名单", r.listings], ["未经风险提示即纳入", r.riskNoticeMissing]];
    for (const [step, count] of Object.entries(r.overdue || {})) rows.push(["逾期：" + (overdueSteps[step] || step), count]);
    pairs($("court-record-body"), rows);
    $("court-record").hidden = false;
  }

  principals({
    collection: "consumers", prefix: "consumer", noun: "数据使用方",
    controls: { code: "consumer-code", name: "consumer-name", role: "consumer-role" },
    body: () => ({ code: $("consumer-code").value.trim(), name: $("consumer-name").value.trim(), role: $("consumer-role").value }),
    columns: (row, item) => cell(row, consumerRoles[item.role] || item.role || ""),
  });

  // ---- complaints -----------------------------------------------------------------------------------------------

  async function loadComplaintAgencies() {
    const result = await api("GET", "/v1/agencies?limit=500");
    if (!result.ok) return;
    const select = $("complaints-agency");
    const chosen = select.value;
    select.replaceChildren(new Option("全部单位", ""));
    for (const a of result.body.items) select.append(new Option(a.name + "（" + a.code + "）", a.code));
    select.value = chosen;
  }

  async function showComplaint(id) {
    const result = await api("GET", "/v1/complaints/" + encodeURIComponent(id));
    if (!result.ok) return failure($("complaints-status"), result, { 404: "未找到该投诉。" });
    const c = result.body;
    const rows = [["受理编号", c.id], ["被投诉单位", c.agencyCode], ["处理状态", complaintStatuses[c.status] || c.status], ["提交时间", chinaTime(c.filedAt)]];
    if (c.subject) rows.push(["涉及主体", (c.subject.name || "") + " " + c.subject.idNumberMasked]);
    rows.push(["投诉内容", c.description]);
    if (c.contact) rows.push(["联系方式", c.contact]);
    if (c.resolvedAt) rows.push(["办结时间", chinaTime(c.resolvedAt)]);
    if (c.response) rows.push(["单位答复", c.response]);
    if (c.punishmentApplied) rows.push(["惩戒情况", "已告知投诉人：已依法实施惩戒"]);
    pairs($("complaint-detail-body"), rows);
    $("complaint-detail").hidden = false;
  }

  loaders.complaints = async () => {
    await loadComplaintAgencies();
    const query = new URLSearchParams();
    if ($("complaints-status-filter").value) query.set("status", $("complaints-status-filter").value);
    if ($("complaints-agency").value) query.set("agency", $("complaints-agency").value);
    const status = $("complaints-status");
    const result = await api("GET", "/v1/complaints?" + query);
    if (!result.ok) return failure(status, result);
    show(status, "共 " + result.body.items.length + " 件（最新的在前）", false);
    const body = $("complaints-list");
    body.replaceChildren();
    for (const c of result.body.items) {
      const row = body.insertRow();
      cell(row, c.id); cell(row, c.agencyCode); cell(row, complaintStatuses[c.status] || c.status); cell(row, chinaTime(c.filedAt));
      row.insertCell().append(button("查看", "查看投诉：" + c.id, () => showComplaint(c.id), true));
    }
    if (!result.body.items.length) emptyRow(body, 5, "没有符合条件的投诉");
  };
  $("complaints-form").addEventListener("submit", (event) => { event.preventDefault(); loaders.complaints(); });

  // ---- audit ----------------------------------------------------------------------------------------------------

  // Newest first: the first page is before the largest id there can be, each further page before the oldest one shown.
  let auditNext = null;
  async function loadAudit(append) {
    const status = $("audit-status");
    const result = await api("GET", "/v1/audit?limit=100&before=" + (append && auditNext !== null ? auditNext : "9223372036854775807"));
    if (!result.ok) return failure(status, result);
    const body = $("audit-list");
    if (!append) body.replaceChildren();
    for (const e of result.body.items) {
      const row = body.insertRow();
      cell(row, e.id, "num");
      cell(row, chinaTime(e.at));
      cell(row, (actorRoles[e.actorRole] || e.actorRole) + " " + e.actorCode);
      cell(row, auditActions[e.action] || e.action);
      cell(row, e.target);
      const detail = row.insertCell().appendChild(document.createElement("code"));
      detail.textContent = e.detail === null || e.detail === undefined ? "" : JSON.stringify(e.detail);
    }
    auditNext = result.body.next;
    show(status, result.body.items.length ? "" : "没有更多记录", false);
  }
  loaders.audit = () => loadAudit(false);
  $("audit-more").addEventListener("click", () => loadAudit(true));

  // ---- overdue --------------------------------------------------------------------------------------------------

  loaders.overdue = async () => {
    const status = $("overdue-status");
    const result = await api("GET", "/v1/court/overdue?limit=1000");
    if (!result.ok) return failure(status, result);
    show(status, "", false);
    const body = $("overdue-list");
    body.replaceChildren();
    for (const o of result.body.items) {
      const row = body.insertRow();
      cell(row, o.court); cell(row, o.caseNumber); cell(row, overdueSteps[o.step] || o.step); cell(row, o.dueOn); cell(row, o.daysOverdue, "num");
    }
    if (!result.body.items.length) emptyRow(body, 5, "没有逾期未办的步骤");
  };

  const assistanceKinds = { query: "查询", freeze: "冻结", seize: "查封扣押", locate: "查找下落", transfer: "划拨过户" };

  // Assistance requests an agency left unanswered past their due date (GET /v1/assistance/overdue), on the same tab.
  const loadOverdueSteps = loaders.overdue;
  loaders.overdue = async () => {
    await loadOverdueSteps();
    const status = $("assistance-overdue-status");
    const result = await api("GET", "/v1/assistance/overdue?limit=1000");
    if (!result.ok) return failure(status, result);
    show(status, "", false);
    const body = $("assistance-overdue-list");
    body.replaceChildren();
    for (const o of result.body.items) {
      const row = body.insertRow();
      cell(row, o.agency); cell(row, o.court); cell(row, o.caseNumber); cell(row, assistanceKinds[o.kind] || o.kind); cell(row, o.dueOn); cell(row, o.daysOverdue, "num");
    }
    if (!result.body.items.length) emptyRow(body, 6, "没有逾期未答复的协助执行请求");
  };

  // ---- upstream -------------------------------------------------------------------------------------------------

  loaders.upstream = async () => {
    const status = $("upstream-status");
    const view = $("upstream-view");
    const result = await api("GET", "/v1/upstream");
    if (result.status === 404) {
      view.replaceChildren();
      return show(status, "本节点未跟随上级节点（各 silo 未设置 JP_UPSTREAM_URL）。", false);
    }
    if (!result.ok) return failure(status, result);
    const u = result.body;
    show(status, u.lastError ? "最近一次拉取失败，正在按退避间隔重试。" : "", Boolean(u.lastError));
    pairs(view, [
      ["上级节点地址", u.url],
      ["已拉取到的位置", u.cursor],
      ["已应用的事件", u.applied],
      ["本节点拒绝的事件", u.rejected],
      ["滞后（秒）", u.lagSeconds],
      ["最近一次拉取", chinaTime(u.lastPolledAt)],
      ["最近错误", u.lastError || "无"],
      ["已反馈的命中与处理结果", u.reports.sent],
      ["待反馈", u.reports.pending],
      ["上级拒收的反馈", u.reports.refused],
      ["最近反馈错误", u.reports.lastError || "无"],
    ]);
  };

  // ---- red list -------------------------------------------------------------------------------------------------

  for (const id of ["redlist-id-type", "redlist-lookup-type"]) {
    for (const [value, text] of idTypes) $(id).append(new Option(text, value));
  }

  $("redlist-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = $("redlist-form-status");
    const body = {
      subject: { idType: $("redlist-id-type").value, idNumber: $("redlist-id").value.trim(), name: $("redlist-name").value.trim() },
      category: $("redlist-category").value.trim(),
      basis: $("redlist-basis").value.trim(),
    };
    if ($("redlist-until").value) body.until = $("redlist-until").value;
    const result = await api("POST", "/v1/red-list", body);
    problems.markInvalid({
      "subject.idType": "redlist-id-type", "subject.idNumber": "redlist-id", "subject.name": "redlist-name",
      category: "redlist-category", basis: "redlist-basis", until: "redlist-until",
    }, result.ok ? null : result.body);
    if (!result.ok) return failure(status, result, { 409: "该主体有正在执行的失信名单，不能列入红名单。" });
    show(status, "已列入红名单：" + body.subject.name + "（" + body.category + "）。", false);
    event.target.reset();
  });

  let lookedUp = null;
  async function lookUp() {
    const status = $("redlist-lookup-status");
    const idType = $("redlist-lookup-type").value;
    const idNumber = $("redlist-lookup-id").value.trim();
    $("redlist-entry").hidden = true;
    const result = await api("GET", "/v1/red-list/" + encodeURIComponent(idType) + "/" + encodeURIComponent(idNumber));
    problems.markInvalid({ idType: "redlist-lookup-type", idNumber: "redlist-lookup-id" }, result.ok ? null : result.body);
    if (!result.ok) return failure(status, result, { 404: "该主体从未列入红名单。" });
    const e = result.body;
    lookedUp = { idType, idNumber };
    const rows = [["状态", e.active ? "在红名单中" : "已不在红名单中"], ["类别", e.category], ["认定依据", e.basis], ["列入日期", e.since]];
    if (e.until) rows.push(["有效期至", e.until]);
    if (e.exitedOn) rows.push(["移出日期", e.exitedOn]);
    if (e.exitReason) rows.push(["移出原因", e.exitReason]);
    pairs($("redlist-entry-body"), rows);
    $("redlist-remove").hidden = !e.active;
    $("redlist-entry").hidden = false;
    show(status, "", false);
  }
  $("redlist-lookup").addEventListener("submit", (event) => { event.preventDefault(); lookUp(); });
  $("redlist-remove").addEventListener("click", async () => {
    if (!lookedUp || !window.confirm("确定将该主体移出红名单吗？")) return;
    const result = await api("DELETE", "/v1/red-list/" + encodeURIComponent(lookedUp.idType) + "/" + encodeURIComponent(lookedUp.idNumber));
    if (!result.ok) return failure($("redlist-lookup-status"), result, { 404: "该主体不在红名单中。" });
    await lookUp();
    show($("redlist-lookup-status"), "已移出红名单。", false);
  });

  if (sessionStorage.getItem(keyStorage)) loaders.stats();
})();
