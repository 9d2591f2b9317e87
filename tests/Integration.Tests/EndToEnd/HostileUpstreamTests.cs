using System.Text.Json;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// A node following an upstream that answers badly (issue 23): bad JSON, a page that goes backwards, an event that
/// fails validation. Each is shown in <c>GET /v1/upstream</c>'s <c>lastError</c>; a bad page applies nothing of itself
/// and leaves the cursor where it was; an invalid event is passed over alone and counted as rejected.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class HostileUpstreamTests(PostgresServer postgres)
{
    private static readonly TimeSpan Following = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task BadAnswers_AreShownInLastError_AndNeverAppliedHalfWay()
    {
        Func<long, string> answer = after => Page(after, []);
        await using var upstream = await StartUpstreamAsync(after => answer(after));
        await using var regional = await RunningSystem.StartAsync(postgres, silos: 1, siloSettings: new Dictionary<string, string?>
        {
            ["JP_UPSTREAM_URL"] = upstream.Urls.First() + "/",
            ["JP_UPSTREAM_KEY"] = "the-upstream-node-key",
            ["JP_UPSTREAM_NODE"] = "national",
            ["Upstream:PollInterval"] = "00:00:00.200",
            ["Upstream:RetryDelay"] = "00:00:00.200",
            ["Upstream:MaxRetryDelay"] = "00:00:01",
        });
        var agency = await regional.RegisterAgencyAsync("r-air", "consumption.air");
        var (first, second, third) = (Person("甲某"), Person("乙某"), Person("丙某"));

        // A good page: its listing applies and the cursor moves to its end.
        answer = after => Page(after, after < 1 ? [(1, Listed("h-1", "(2026)沪0101执31号", first))] : []);
        await ClusterHarness.EventuallyAsync(async () =>
        {
            var status = await StatusAsync(regional);
            Assert.True(status.GetProperty("cursor").GetString() == "1", status.ToString());
        }, Following);
        Assert.Equal("block", await DecisionAsync(regional, agency, first));

        // Bad JSON.
        answer = _ => """{"items": [{"seq": 2, "court": "n-court", "event": {"eventId": "h-2", """;
        await ClusterHarness.EventuallyAsync(async () => Assert.NotEmpty(LastError(await StatusAsync(regional))), Following);

        // A page that goes backwards: an item at or before the cursor. Nothing of it applies, not even its later item.
        answer = after => Page(after, [(after, Listed("h-3", "(2026)沪0101执32号", second)), (after + 1, Listed("h-4", "(2026)沪0101执33号", third))]);
        await ClusterHarness.EventuallyAsync(async () => Assert.Contains("goes backwards", LastError(await StatusAsync(regional)), StringComparison.Ordinal), Following);
        Assert.Equal("allow", await DecisionAsync(regional, agency, second));
        Assert.Equal("allow", await DecisionAsync(regional, agency, third));
        Assert.Equal("1", (await StatusAsync(regional)).GetProperty("cursor").GetString());

        // An event that fails validation between two good ones: it alone is passed over.
        var invalid = Listed("h-6", "(2026)沪0101执35号", new { idType = "resident_id", idNumber = "11010119900307123", name = "丁某" });
        answer = after => Page(after, after < 4 ? [(2, Listed("h-5", "(2026)沪0101执34号", second)), (3, invalid), (4, Listed("h-7", "(2026)沪0101执36号", third))] : []);
        await ClusterHarness.EventuallyAsync(async () =>
        {
            var status = await StatusAsync(regional);
            Assert.Equal("4", status.GetProperty("cursor").GetString());
            Assert.Equal(1, status.GetProperty("rejected").GetInt64());
            Assert.Contains("event at 3 could not be read and was passed over", LastError(status), StringComparison.Ordinal);
        }, Following);
        Assert.Equal("block", await DecisionAsync(regional, agency, second));
        Assert.Equal("block", await DecisionAsync(regional, agency, third));
        Assert.Equal(3, (await StatusAsync(regional)).GetProperty("applied").GetInt64());
    }

    private static object Person(string name) => new { idType = "resident_id", idNumber = TestIds.ResidentId(), name };

    private static object Listed(string eventId, string caseNumber, object subject) =>
        new { eventId, type = "listed", caseNumber, subject, listedOn = "2026-12-01", @public = true };

    /// <summary>A page of the federation feed as an upstream node serves it (<c>GET /v1/federation/events</c>).</summary>
    private static string Page(long after, (long Seq, object Event)[] items) => JsonSerializer.Serialize(new
    {
        items = items.Select(i => new { seq = i.Seq, court = "n-court", @event = i.Event, at = DateTimeOffset.UtcNow }),
        next = (items.Length == 0 ? after : items[^1].Seq).ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private static async Task<WebApplication> StartUpstreamAsync(Func<long, string> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePorts.Next()}");
        var app = builder.Build();
        app.MapGet("/v1/federation/events", (long after) => Results.Text(answer(after), "application/json"));
        await app.StartAsync();
        return app;
    }

    private static Task<JsonElement> StatusAsync(RunningSystem node) => node.JsonAsync(HttpMethod.Get, "/v1/upstream", RunningSystem.OperatorKey);

    private static string LastError(JsonElement status) =>
        status.TryGetProperty("lastError", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString()! : "";

    private static async Task<string> DecisionAsync(RunningSystem node, string agency, object subject) =>
        (await node.JsonAsync(HttpMethod.Post, "/v1/checks", agency, new { measure = "consumption.air", subject })).GetProperty("decision").GetString()!;
}
