using Deque.AxeCore.Playwright;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JointPunishment.Integration.Tests.PublicList;

/// <summary>The public page at <c>GET /</c> driven in headless Chromium (Debian's <c>chromium</c>) against a gateway listening on a real port.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PublicPageBrowserTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private RunningSystem _system = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {ChromiumPath}; the browser tests need it. Install it with: apt-get install -y chromium");
        }

        _system = await RunningSystem.StartAsync(postgres);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
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

        var url = StartGatewayOnPort();
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
        var violations = (await page.RunAxe()).Violations;
        Assert.True(violations.Length == 0, string.Join("; ", violations.Select(v => $"{v.Id}: {v.Help}")));

        await page.GetByLabel("姓名或单位名称（必填）").FillAsync("查无此人");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await results.GetByText("未查询到记录").WaitForAsync();

        await page.GetByLabel("被投诉单位代码").FillAsync("rail");
        await page.GetByLabel("投诉内容").FillAsync("该失信被执行人仍购买了高铁车票。");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交投诉" }).ClickAsync();
        var status = page.Locator("#complaint-status");
        await status.GetByText("受理编号").WaitForAsync();
        var complaintId = await status.GetAttributeAsync("data-complaint-id");
        Assert.False(string.IsNullOrEmpty(complaintId));
        Assert.Contains(complaintId!, await status.InnerTextAsync(), StringComparison.Ordinal);
        var filed = await _system.JsonAsync(HttpMethod.Get, $"/v1/public/complaints/{complaintId}", null);
        Assert.Equal("open", filed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RedListSection_FindsAnEntryByName_ShowingOnlyTheMaskedNumber()
    {
        var id = TestIds.ResidentId();
        await _system.JsonAsync(HttpMethod.Post, "/v1/red-list", RunningSystem.OperatorKey,
            new { subject = new { idType = "resident_id", idNumber = id, name = "刘守信" }, category = "纳税信用A级纳税人", basis = "2026年度评定" }, 201);

        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        await page.GotoAsync(StartGatewayOnPort());
        var results = page.Locator("#red-list-results");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询红名单" }).ClickAsync();
        await page.Locator("#red-list-status").GetByText("至少 2 个字").WaitForAsync();

        await page.GetByLabel("红名单查询：姓名或名称（必填）").FillAsync("刘守信");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询红名单" }).ClickAsync();
        await results.GetByText(id[..10] + "****" + id[^4..]).WaitForAsync();
        Assert.Contains("纳税信用A级纳税人", await results.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(id, await page.ContentAsync(), StringComparison.Ordinal);
        var violations = (await page.RunAxe()).Violations;
        Assert.True(violations.Length == 0, string.Join("; ", violations.Select(v => $"{v.Id}: {v.Help}")));

        await page.GetByLabel("红名单查询：姓名或名称（必填）").FillAsync("查无此人");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询红名单" }).ClickAsync();
        await results.GetByText("未查询到红名单记录").WaitForAsync();
    }

    /// <summary>A gateway listening on a free port of this machine (the browser needs real HTTP, not the in-memory test server).</summary>
    private string StartGatewayOnPort()
    {
        var port = FreePorts.Next();
        var url = $"http://127.0.0.1:{port}";
        var gateway = _system.CreateGateway(new Dictionary<string, string?> { ["JP_GATEWAY_URL"] = url });
        gateway.UseKestrel(port);
        gateway.StartServer();
        return url + "/";
    }
}
