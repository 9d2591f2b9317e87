using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JointPunishment.Integration.Tests.Operator;

/// <summary>The operator console at <c>GET /operator</c> driven in headless Chromium (Debian's <c>chromium</c>) against a gateway listening on a real port.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OperatorConsoleBrowserTests(PostgresServer postgres, SharedSystem shared) : IAsyncLifetime, IClassFixture<SharedSystem>
{
    private RunningSystem _system = null!;
    private HeadlessChromium _chromium = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _system = await shared.StartOnceAsync(postgres);
        _chromium = await HeadlessChromium.LaunchAsync();
        _browser = _chromium.Chromium;
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
    }

    [Fact]
    public async Task Agency_RegisteredWithTwoMeasures_IsListed_ItsKeyShownOnceWorks_ThenRotated_ThenRevoked()
    {
        var page = await OpenConsoleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "机构" }).ClickAsync();
        await page.GetByLabel("机构代码", new() { Exact = true }).FillAsync("cs-rail");
        await page.GetByLabel("机构名称", new() { Exact = true }).FillAsync("铁路客运单位");
        await page.Locator("#agency-measure-list input[value='consumption.rail']").CheckAsync();
        await page.Locator("#agency-measure-list input[value='consumption.air']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登记机构", Exact = true }).ClickAsync();

        // The key, once, with a hint to copy it; the list shows the agency with both measures by their Chinese titles.
        var keyPanel = page.Locator("#agency-key");
        await keyPanel.WaitForAsync();
        Assert.Contains("只显示这一次", await keyPanel.InnerTextAsync(), StringComparison.Ordinal);
        var key = await page.InputValueAsync("#agency-key-value");
        Assert.StartsWith("jpa.cs-rail.", key, StringComparison.Ordinal);
        var row = page.Locator("#agencies-list tr[data-code='cs-rail']");
        await row.WaitForAsync();
        var listed = await row.InnerTextAsync();
        Assert.Contains("铁路客运单位", listed, StringComparison.Ordinal);
        Assert.Contains("乘坐民航飞机", listed, StringComparison.Ordinal);
        Assert.Contains("正常", listed, StringComparison.Ordinal);
        await HeadlessChromium.AssertAccessibleAsync(page);

        // The key works for a check of a measure it holds, and the server holds the two measures.
        Assert.Equal(200, await CheckStatusAsync(key, "consumption.rail"));
        var registered = await _system.JsonAsync(HttpMethod.Get, "/v1/agencies/cs-rail", RunningSystem.OperatorKey);
        Assert.Equal(["consumption.rail", "consumption.air"], registered.GetProperty("measures").EnumerateArray().Select(m => m.GetString()));

        // Closed, it is gone from the page for good.
        await page.GetByRole(AriaRole.Button, new() { Name = "已保存，关闭" }).First.ClickAsync();
        Assert.True(await keyPanel.IsHiddenAsync());
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal("", await page.InputValueAsync("#agency-key-value"));

        // Rotated: the new key shown once; the old key is refused at once, the new one works.
        await page.GetByRole(AriaRole.Button, new() { Name = "更换密钥：cs-rail" }).ClickAsync();
        await page.Locator("#agency-key-title").GetByText("已更换密钥").WaitForAsync();
        var rotated = await page.InputValueAsync("#agency-key-value");
        Assert.NotEqual(key, rotated);
        Assert.StartsWith("jpa.cs-rail.", rotated, StringComparison.Ordinal);
        Assert.Equal(401, await CheckStatusAsync(key, "consumption.rail"));
        Assert.Equal(200, await CheckStatusAsync(rotated, "consumption.air"));

        // Revoked after the confirmation: the list says so, and the key is refused.
        string? confirmed = null;
        page.Dialog += async (_, dialog) =>
        {
            confirmed = dialog.Message;
            await dialog.AcceptAsync();
        };
        await page.GetByRole(AriaRole.Button, new() { Name = "吊销密钥：cs-rail" }).ClickAsync();
        await row.GetByText("已吊销").WaitForAsync();
        Assert.Contains("确定吊销 cs-rail 的密钥", confirmed, StringComparison.Ordinal);
        Assert.Equal(401, await CheckStatusAsync(rotated, "consumption.rail"));
        Assert.Equal("revoked", (await _system.JsonAsync(HttpMethod.Get, "/v1/agencies/cs-rail", RunningSystem.OperatorKey)).GetProperty("keyStatus").GetString());

        // The registration is in the audit trail.
        await page.GetByRole(AriaRole.Tab, new() { Name = "审计" }).ClickAsync();
        var audit = page.Locator("#audit-list tr", new() { HasText = "agency:cs-rail" });
        await audit.GetByText("登记机构").First.WaitForAsync();
        Assert.Contains("吊销密钥", await page.Locator("#audit-list").InnerTextAsync(), StringComparison.Ordinal);
        await HeadlessChromium.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Court_RegisteredWithAHigherCourt_ShowsItAndItsRecord_AndErrorsAreInChineseByField()
    {
        var page = await OpenConsoleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "法院" }).ClickAsync();
        await RegisterCourtAsync(page, "cs-high", "高级人民法院", null);
        await RegisterCourtAsync(page, "cs-low", "中级人民法院", "cs-high");
        var row = page.Locator("#courts-list tr[data-code='cs-low']");
        await row.WaitForAsync();
        Assert.Contains("cs-high", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.StartsWith("jpc.cs-low.", await page.InputValueAsync("#court-key-value"), StringComparison.Ordinal);
        Assert.Equal("cs-high", (await _system.JsonAsync(HttpMethod.Get, "/v1/courts/cs-low", RunningSystem.OperatorKey)).GetProperty("higherCourt").GetString());

        await page.GetByRole(AriaRole.Button, new() { Name = "履职记录：cs-low" }).ClickAsync();
        var record = page.Locator("#court-record");
        await record.GetByText("纳入名单").WaitForAsync();
        Assert.Contains("履职记录：cs-low", await record.InnerTextAsync(), StringComparison.Ordinal);
        await HeadlessChromium.AssertAccessibleAsync(page);

        // A code the server refuses (and a taken one): said in Chinese, by field, the field marked.
        var status = page.Locator("#court-form-status");
        await page.GetByLabel("法院代码", new() { Exact = true }).FillAsync("坏代码");
        await page.GetByLabel("法院名称", new() { Exact = true }).FillAsync("某法院");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记法院", Exact = true }).ClickAsync();
        await status.GetByText("代码：只能包含字母、数字").WaitForAsync();
        HeadlessChromium.AssertChineseOnly(await status.InnerTextAsync());
        Assert.Equal("true", await page.GetAttributeAsync("#court-code", "aria-invalid"));
        await page.GetByLabel("法院代码", new() { Exact = true }).FillAsync("cs-high");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记法院", Exact = true }).ClickAsync();
        await status.GetByText("该代码已被登记").WaitForAsync();
        HeadlessChromium.AssertChineseOnly(await status.InnerTextAsync());

        // Consumers: registered with a role, listed by its Chinese name.
        await page.GetByRole(AriaRole.Tab, new() { Name = "数据使用方" }).ClickAsync();
        await page.GetByLabel("使用方代码", new() { Exact = true }).FillAsync("cs-node");
        await page.GetByLabel("使用方名称", new() { Exact = true }).FillAsync("市级节点");
        await page.GetByLabel("角色", new() { Exact = true }).SelectOptionAsync("node");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记数据使用方", Exact = true }).ClickAsync();
        await page.Locator("#consumers-list tr[data-code='cs-node']").GetByText("下级节点").WaitForAsync();
        Assert.StartsWith("jpf.cs-node.", await page.InputValueAsync("#consumer-key-value"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedList_EntryAddedLookedUpAndRemoved_AndAPublicComplaintIsInTheComplaintsList()
    {
        var id = TestIds.ResidentId();
        var page = await OpenConsoleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "信用红名单" }).ClickAsync();
        await page.Locator("#redlist-id-type").SelectOptionAsync("resident_id");
        await page.Locator("#redlist-id").FillAsync(id);
        await page.Locator("#redlist-name").FillAsync("王守信");
        await page.GetByLabel("类别", new() { Exact = true }).FillAsync("纳税信用A级纳税人");
        await page.GetByLabel("认定依据", new() { Exact = true }).FillAsync("2026年度评定");
        await page.GetByRole(AriaRole.Button, new() { Name = "列入红名单" }).ClickAsync();
        await page.Locator("#redlist-form-status").GetByText("已列入红名单").WaitForAsync();
        Assert.True((await _system.JsonAsync(HttpMethod.Get, $"/v1/red-list/resident_id/{id}", RunningSystem.OperatorKey)).GetProperty("active").GetBoolean());

        await page.Locator("#redlist-lookup-id").FillAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询红名单" }).ClickAsync();
        var entry = page.Locator("#redlist-entry");
        await entry.GetByText("在红名单中").WaitForAsync();
        Assert.Contains("纳税信用A级纳税人", await entry.InnerTextAsync(), StringComparison.Ordinal);
        await HeadlessChromium.AssertAccessibleAsync(page);

        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "移出红名单" }).ClickAsync();
        await page.Locator("#redlist-lookup-status").GetByText("已移出红名单").WaitForAsync();
        await entry.GetByText("已不在红名单中").WaitForAsync();
        Assert.False((await _system.JsonAsync(HttpMethod.Get, $"/v1/red-list/resident_id/{id}", RunningSystem.OperatorKey)).GetProperty("active").GetBoolean());

        // An identity number that is none: the server's 400 by field, in Chinese.
        await page.Locator("#redlist-lookup-id").FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询红名单" }).ClickAsync();
        await page.Locator("#redlist-lookup-status").GetByText("证件号码：").WaitForAsync();
        HeadlessChromium.AssertChineseOnly(await page.Locator("#redlist-lookup-status").InnerTextAsync());

        // A complaint filed by the public is in the list, by agency, and reads in full.
        await _system.RegisterAgencyAsync("cs-hotel", "consumption.hotel");
        var complaint = (await _system.JsonAsync(HttpMethod.Post, "/v1/public/complaints", null,
            new { agencyCode = "cs-hotel", description = "该失信被执行人仍入住星级宾馆。" }, 201)).GetProperty("id").GetString()!;
        await page.GetByRole(AriaRole.Tab, new() { Name = "投诉" }).ClickAsync();
        await page.Locator("#complaints-list").GetByText(complaint).WaitForAsync();
        await page.GetByLabel("被投诉单位", new() { Exact = true }).SelectOptionAsync("cs-hotel");
        await page.GetByLabel("处理状态", new() { Exact = true }).SelectOptionAsync("open");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询投诉" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "查看投诉：" + complaint }).ClickAsync();
        var detail = page.Locator("#complaint-detail");
        await detail.GetByText("该失信被执行人仍入住星级宾馆。").WaitForAsync();
        Assert.Contains("待处理", await detail.InnerTextAsync(), StringComparison.Ordinal);
        await HeadlessChromium.AssertAccessibleAsync(page);

        // The statistics and the overdue steps still load.
        await page.GetByRole(AriaRole.Tab, new() { Name = "逾期" }).ClickAsync();
        await page.Locator("#overdue-list").GetByText("没有逾期未办的步骤").WaitForAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "运行统计" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "查询统计" }).ClickAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('stats-status').textContent === '' && document.getElementById('stats-from').value !== ''");
        Assert.NotEqual(0, await page.Locator("#stats-agencies tr").CountAsync());
        await HeadlessChromium.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task AssistanceOverdue_IsOnTheOverdueTab_AndTheUpstreamTabSaysThisNodeFollowsNone()
    {
        var court = await _system.RegisterCourtAsync("oc-assist-court");
        await _system.RegisterAgencyAsync("oc-assist-air", "consumption.air");
        var id = (await _system.JsonAsync(HttpMethod.Post, "/v1/assistance", court, new
        {
            caseNumber = "(2026)京0101执88号", agency = "oc-assist-air", kind = "freeze",
            subject = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "冯某" },
        }, 201)).GetProperty("id").GetString();
        // Its due date passed (behind the system's back: the request was made today).
        await _system.ExecuteSqlAsync($"UPDATE jp_assistance SET due_on = DATE '2026-11-02' WHERE id = '{id}'");

        var page = await OpenConsoleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "逾期" }).ClickAsync();
        var row = page.Locator("#assistance-overdue-list tr", new() { HasText = "oc-assist-air" });
        await row.WaitForAsync();
        var text = await row.InnerTextAsync();
        Assert.Contains("oc-assist-court", text, StringComparison.Ordinal);
        Assert.Contains("冻结", text, StringComparison.Ordinal);
        Assert.Contains("2026-11-02", text, StringComparison.Ordinal);
        await HeadlessChromium.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Tab, new() { Name = "上级节点" }).ClickAsync();
        await page.Locator("#upstream-status").GetByText("本节点未跟随上级节点").WaitForAsync();
        await HeadlessChromium.AssertAccessibleAsync(page);
    }

    private static async Task RegisterCourtAsync(IPage page, string code, string name, string? higherCourt)
    {
        await page.GetByLabel("法院代码", new() { Exact = true }).FillAsync(code);
        await page.GetByLabel("法院名称", new() { Exact = true }).FillAsync(name);
        if (higherCourt is not null)
        {
            await page.GetByLabel("上级法院（审查复议，选填）").SelectOptionAsync(higherCourt);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "登记法院", Exact = true }).ClickAsync();
        await page.Locator("#court-form-status").GetByText("已登记 " + code).WaitForAsync();
    }

    /// <summary>The status of a check sent with <paramref name="key"/> (200 when the key works and holds the measure).</summary>
    private async Task<int> CheckStatusAsync(string key, string measure)
    {
        using var response = await _system.SendAsync(HttpMethod.Post, "/v1/checks", key,
            new { measure, subject = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "李某" } });
        return (int)response.StatusCode;
    }

    /// <summary>A console on its own gateway, the operator key typed and saved.</summary>
    private async Task<IPage> OpenConsoleAsync()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(HeadlessChromium.StartGatewayOnPort(_system) + "operator");
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        await page.GetByLabel("操作员密钥（仅保存在本次浏览会话中）").FillAsync(RunningSystem.OperatorKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存密钥" }).ClickAsync();
        await page.Locator("#key-status").GetByText("已保存").WaitForAsync();
        return page;
    }
}
