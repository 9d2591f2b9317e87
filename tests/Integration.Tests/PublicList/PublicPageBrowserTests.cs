using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JointPunishment.Integration.Tests.PublicList;

/// <summary>The public page at <c>GET /</c> driven in headless Chromium (Debian's <c>chromium</c>) against a gateway listening on a real port.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PublicPageBrowserTests(PostgresServer postgres) : IAsyncLifetime
{
    private RunningSystem _system = null!;
    private HeadlessChromium _chromium = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(postgres);
        _chromium = await HeadlessChromium.LaunchAsync();
        _browser = _chromium.Chromium;
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _system.DisposeAsync();
    }

    [Fact]
    public async Task Page_AsksForTheNameFirst_FindsAListedDebtorNarrowedById_ShowsOnlyTheMaskedNumber_AndFilesAComplaint()
    {
        var court = await _system.RegisterCourtAsync("bc1");
        await _system.RegisterAgencyAsync("rail", "consumption.rail");
        var id = TestIds.ResidentId();
        var masked = id[..10] + "****" + id[^4..];
        var listed = await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new
        {
            events = new[]
            {
                new { eventId = "b1", type = "listed", caseNumber = "(2026)宁01执77号", listedOn = "2026-01-05", @public = true, subject = new { idType = "resident_id", idNumber = id, name = "张三丰" } },
            },
        });
        Assert.Equal("applied", listed.GetProperty("results")[0].GetProperty("status").GetString());

        var url = HeadlessChromium.StartGatewayOnPort(_system);
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        await page.GotoAsync(url);
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("不得用于营利活动", await page.InnerTextAsync(".notice"), StringComparison.Ordinal);

        // A number alone is not a query (it could be completed by trying candidates): the page asks for the name first.
        await page.GetByLabel("证件号码（选填").FillAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await page.Locator("#query-status").GetByText("请填写姓名或单位名称").WaitForAsync();
        var results = page.Locator("#results");
        Assert.Equal("", await results.InnerTextAsync());

        await page.GetByLabel("姓名或单位名称（必填）").FillAsync("张三丰");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await results.GetByText(masked).WaitForAsync();
        Assert.Contains("(2026)宁01执77号", await results.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(id, await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByLabel("证件号码（选填").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await results.GetByText("张三丰").WaitForAsync();
        Assert.Contains(masked, await results.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(id, await page.ContentAsync(), StringComparison.Ordinal);

        // Accessibility (axe-core rules: labels, landmarks, contrast, language …) with results on the page.
        await HeadlessChromium.AssertAccessibleAsync(page);

        await page.GetByLabel("姓名或单位名称（必填）").FillAsync("查无此人");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await results.GetByText("未查询到记录").WaitForAsync();

        var complaintId = await FileComplaintAsync(page, "单位 rail", "该失信被执行人仍购买了高铁车票。");
        var filed = await _system.JsonAsync(HttpMethod.Get, $"/v1/public/complaints/{complaintId}", null);
        Assert.Equal("open", filed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ComplaintForm_OffersTheAgenciesByName_FilesToTheChosenOne_AndTheLookupShowsItsProgressThenTheAnswer()
    {
        var rail = await _system.RegisterAgencyAsync("rail", "consumption.rail");
        var air = await _system.RegisterAgencyAsync("air", "consumption.air");
        await _system.RegisterAgencyAsync("gone", "consumption.hotel");
        await _system.JsonAsync(HttpMethod.Delete, "/v1/agencies/gone/keys", RunningSystem.OperatorKey, expectedStatus: 204);

        var page = await OpenPageAsync();
        var agency = page.GetByLabel("被投诉单位（必填）");
        // The choice is by name; the value submitted is the code. A revoked agency is not offered.
        await agency.SelectOptionAsync(new SelectOptionValue { Label = "单位 air" });
        Assert.Equal("air", await agency.InputValueAsync());
        var offered = await page.Locator("#c-agency option").AllInnerTextsAsync();
        Assert.Equal(["请选择被投诉单位", "单位 air", "单位 rail"], offered);

        var id = await FileComplaintAsync(page, "单位 air", "该失信被执行人仍购买了机票。");

        // Filed to the agency chosen, and to no other.
        var airComplaints = (await _system.JsonAsync(HttpMethod.Get, "/v1/complaints", air)).GetProperty("items").EnumerateArray().ToList();
        var filed = Assert.Single(airComplaints, c => c.GetProperty("id").GetString() == id);
        Assert.Equal("air", filed.GetProperty("agencyCode").GetString());
        Assert.Equal("该失信被执行人仍购买了机票。", filed.GetProperty("description").GetString());
        Assert.Empty((await _system.JsonAsync(HttpMethod.Get, "/v1/complaints", rail)).GetProperty("items").EnumerateArray());

        // The id typed into the lookup: open, then, once the agency has answered, its finding and answer.
        var lookup = page.GetByLabel("投诉受理编号");
        var progress = page.Locator("#progress-result");
        await lookup.FillAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询进度" }).ClickAsync();
        await progress.GetByText("待处理").WaitForAsync();
        Assert.Contains(id, await progress.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("处理答复", await progress.InnerTextAsync(), StringComparison.Ordinal);

        await _system.JsonAsync(HttpMethod.Post, $"/v1/complaints/{id}/resolution", air, new { finding = "justified", response = "经核实，已通知航空公司停止向其售票。" });
        await page.GetByRole(AriaRole.Button, new() { Name = "查询进度" }).ClickAsync();
        await progress.GetByText("投诉属实").WaitForAsync();
        Assert.Contains("经核实，已通知航空公司停止向其售票。", await progress.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("办结时间", await progress.InnerTextAsync(), StringComparison.Ordinal);

        await HeadlessChromium.AssertAccessibleAsync(page);

        // An id nobody was given: the server's 404, in Chinese.
        await lookup.FillAsync(Guid.NewGuid().ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "查询进度" }).ClickAsync();
        await page.Locator("#progress-status").GetByText("未找到该受理编号的投诉").WaitForAsync();
        Assert.Equal("", await progress.InnerTextAsync());
    }

    [Fact]
    public async Task ValidationErrors_AreShownInChinese_ByField_AndATooShortNameSendsNoQuery()
    {
        await _system.RegisterAgencyAsync("rail", "consumption.rail");
        var page = await OpenPageAsync();
        var queries = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/v1/public/debtors", StringComparison.Ordinal))
            {
                queries.Add(request.Url);
            }
        };

        // Too short a name: said in Chinese on the page, and no query leaves it.
        var queryStatus = page.Locator("#query-status");
        await page.GetByLabel("姓名或单位名称（必填）").FillAsync("张");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await queryStatus.GetByText("至少 2 个字").WaitForAsync();
        Assert.Empty(queries);

        // The server's 400 (an identity number valid as no kind of number) is shown by field, in Chinese.
        await page.GetByLabel("姓名或单位名称（必填）").FillAsync("张三丰");
        await page.GetByLabel("证件号码（选填").FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await queryStatus.GetByText("证件号码：不是有效的身份证号").WaitForAsync();
        Assert.Single(queries);
        HeadlessChromium.AssertChineseOnly(await queryStatus.InnerTextAsync());
        Assert.Equal("true", await page.GetAttributeAsync("#q-id", "aria-invalid"));

        // The complaint form: nothing chosen, then a subject's number with a wrong check digit, then too long a description.
        var complaintStatus = page.Locator("#complaint-status");
        await page.GetByLabel("投诉内容").FillAsync("该失信被执行人仍购买了高铁车票。");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交投诉" }).ClickAsync();
        await complaintStatus.GetByText("请选择被投诉单位").WaitForAsync();

        var id = TestIds.ResidentId();
        var wrongCheck = id[..^1] + (id[^1] == '0' ? '1' : '0');
        await page.GetByLabel("被投诉单位（必填）").SelectOptionAsync(new SelectOptionValue { Label = "单位 rail" });
        await page.GetByLabel("证件号码", new() { Exact = true }).FillAsync(wrongCheck);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交投诉" }).ClickAsync();
        await complaintStatus.GetByText("证件号码：格式不正确或校验位有误").WaitForAsync();
        HeadlessChromium.AssertChineseOnly(await complaintStatus.InnerTextAsync());
        Assert.Equal("true", await page.GetAttributeAsync("#c-id", "aria-invalid"));

        await page.GetByLabel("证件号码", new() { Exact = true }).FillAsync("");
        // Past the form's own limit (as a script could send it): the server's limit, in Chinese.
        await page.EvalOnSelectorAsync("#c-description", "e => e.removeAttribute('maxlength')");
        await page.GetByLabel("投诉内容").FillAsync(new string('长', 4001));
        await page.GetByRole(AriaRole.Button, new() { Name = "提交投诉" }).ClickAsync();
        await complaintStatus.GetByText("投诉内容：不能超过 4000 个字").WaitForAsync();
        HeadlessChromium.AssertChineseOnly(await complaintStatus.InnerTextAsync());

        // The lookup checks the id's form before asking.
        await page.GetByLabel("投诉受理编号").FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询进度" }).ClickAsync();
        await page.Locator("#progress-status").GetByText("受理编号格式不正确").WaitForAsync();
    }

    /// <summary>Files a complaint on the page against the agency named <paramref name="agencyName"/> in the list; the id the page shows.</summary>
    private static async Task<string> FileComplaintAsync(IPage page, string agencyName, string description)
    {
        await page.GetByLabel("被投诉单位（必填）").SelectOptionAsync(new SelectOptionValue { Label = agencyName });
        await page.GetByLabel("投诉内容").FillAsync(description);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交投诉" }).ClickAsync();
        var status = page.Locator("#complaint-status");
        await status.GetByText("受理编号").WaitForAsync();
        var id = await status.GetAttributeAsync("data-complaint-id");
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Contains(id!, await status.InnerTextAsync(), StringComparison.Ordinal);
        return id!;
    }

    private async Task<IPage> OpenPageAsync()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1024, Height = 900 } });
        await page.GotoAsync(HeadlessChromium.StartGatewayOnPort(_system));
        return page;
    }

    [Fact]
    public async Task RedListSection_FindsAnEntryByName_ShowingOnlyTheMaskedNumber()
    {
        var id = TestIds.ResidentId();
        await _system.JsonAsync(HttpMethod.Post, "/v1/red-list", RunningSystem.OperatorKey,
            new { subject = new { idType = "resident_id", idNumber = id, name = "刘守信" }, category = "纳税信用A级纳税人", basis = "2026年度评定" }, 201);

        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        await page.GotoAsync(HeadlessChromium.StartGatewayOnPort(_system));
        var results = page.Locator("#red-list-results");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询红名单" }).ClickAsync();
        await page.Locator("#red-list-status").GetByText("至少 2 个字").WaitForAsync();

        await page.GetByLabel("红名单查询：姓名或名称（必填）").FillAsync("刘守信");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询红名单" }).ClickAsync();
        await results.GetByText(id[..10] + "****" + id[^4..]).WaitForAsync();
        Assert.Contains("纳税信用A级纳税人", await results.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(id, await page.ContentAsync(), StringComparison.Ordinal);
        await HeadlessChromium.AssertAccessibleAsync(page);

        await page.GetByLabel("红名单查询：姓名或名称（必填）").FillAsync("查无此人");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询红名单" }).ClickAsync();
        await results.GetByText("未查询到红名单记录").WaitForAsync();
    }
}
