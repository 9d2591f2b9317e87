using System.Net;
using JointPunishment.Grains.Domain;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>The operator's statistics per agency, measure and CST day, and the operator page.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StatsTests(PostgresServer postgres) : IAsyncLifetime
{
    private RunningSystem _system = null!;
    private string _court = "";
    private string _hotel = "";

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(postgres);
        _court = await _system.RegisterCourtAsync("c1");
        _hotel = await _system.RegisterAgencyAsync("hotel", "consumption.hotel", "consumption.venue");
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Stats_CountChecksHitsAndFeedbackPerAgencyMeasureAndDay()
    {
        var debtor = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "张三" };
        await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _court, new
        {
            events = new object[] { new { eventId = "l", type = "listed", caseNumber = "(2026)京01执1号", subject = debtor, listedOn = "2026-11-01", @public = true } },
        });
        var blocked = await CheckIdAsync("consumption.hotel", debtor);
        await CheckIdAsync("consumption.hotel", new { idType = "resident_id", idNumber = TestIds.ResidentId() });
        await CheckIdAsync("consumption.venue", debtor);
        await _system.JsonAsync(HttpMethod.Post, "/v1/feedback", _hotel, new { checkId = blocked, outcome = "refused" }, 202);
        await _system.FlushCheckRecordsAsync();

        var today = TimeProvider.System.Today();
        var stats = await _system.JsonAsync(HttpMethod.Get, $"/v1/stats?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}", RunningSystem.OperatorKey);
        var items = stats.GetProperty("items").EnumerateArray().ToArray();

        var hotel = Assert.Single(items, i => i.GetProperty("measure").GetString() == "consumption.hotel");
        Assert.Equal("hotel", hotel.GetProperty("agency").GetString());
        Assert.Equal(2, hotel.GetProperty("checks").GetInt64());
        Assert.Equal(1, hotel.GetProperty("hits").GetInt64());
        Assert.Equal(1, hotel.GetProperty("refused").GetInt64());
        Assert.Equal(0, hotel.GetProperty("served").GetInt64());
        var venue = Assert.Single(items, i => i.GetProperty("measure").GetString() == "consumption.venue");
        Assert.Equal((1, 1, 0), (venue.GetProperty("checks").GetInt64(), venue.GetProperty("hits").GetInt64(), venue.GetProperty("refused").GetInt64()));
        Assert.Empty((await _system.JsonAsync(HttpMethod.Get, "/v1/stats?agency=nobody", RunningSystem.OperatorKey)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Stats_AreForTheOperator_AndNameBadParameters()
    {
        await _system.JsonAsync(HttpMethod.Get, "/v1/stats", _hotel, expectedStatus: 403);
        await _system.JsonAsync(HttpMethod.Get, "/v1/stats", null, expectedStatus: 401);
        var invalid = await _system.JsonAsync(HttpMethod.Get, "/v1/stats?from=2026-12-01&to=yesterday", RunningSystem.OperatorKey, expectedStatus: 400);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("to", out _));
        var reversed = await _system.JsonAsync(HttpMethod.Get, "/v1/stats?from=2026-12-02&to=2026-12-01", RunningSystem.OperatorKey, expectedStatus: 400);
        Assert.True(reversed.GetProperty("errors").TryGetProperty("from", out _));
        var ancient = await _system.JsonAsync(HttpMethod.Get, "/v1/stats?to=0001-01-01", RunningSystem.OperatorKey, expectedStatus: 400);
        Assert.True(ancient.GetProperty("errors").TryGetProperty("to", out _));
        var farFuture = await _system.JsonAsync(HttpMethod.Get, "/v1/stats?from=9999-12-31&to=9999-12-31", RunningSystem.OperatorKey, expectedStatus: 400);
        Assert.True(farFuture.GetProperty("errors").TryGetProperty("from", out _));
        Assert.True(farFuture.GetProperty("errors").TryGetProperty("to", out _));
    }

    [Fact]
    public async Task OperatorPage_IsServedAsHtml_AndAsksForTheKey()
    {
        using var response = await _system.SendAsync(HttpMethod.Get, "/operator", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("操作员密钥", html, StringComparison.Ordinal);
        using var script = await _system.SendAsync(HttpMethod.Get, "/operator/console.js", null);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("/v1/stats", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_DescribesTheAccountabilityEndpoints()
    {
        using var response = await _system.SendAsync(HttpMethod.Get, "/openapi/v1.json", null);
        var document = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var path in new[] { "/v1/public/complaints", "/v1/complaints/{id}/resolution", "/v1/court/overdue", "/v1/agencies/{code}/ledger",
                     "/v1/agencies/{code}/notices", "/v1/credit-repair", "/v1/credit-repairs", "/v1/agencies/{code}/sampling", "/v1/stats" })
        {
            Assert.Contains($"\"{path}", document, StringComparison.Ordinal);
        }
    }

    private async Task<string> CheckIdAsync(string measure, object subject) =>
        (await _system.JsonAsync(HttpMethod.Post, "/v1/checks", _hotel, new { measure, subject })).GetProperty("checkId").GetString()!;
}
