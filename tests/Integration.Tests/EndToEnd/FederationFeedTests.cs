using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using JointPunishment.Grains.Wire;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// The federation feed (CONTRACT.md "Following the national list", issue 23 item 1): every court event the node applied,
/// in order, as the court sent it, to <c>node</c> consumers only; nothing of it in clear in the database.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FederationFeedTests(PostgresServer postgres, SharedSystem shared) : IAsyncLifetime, IClassFixture<SharedSystem>
{
    private RunningSystem _system = null!;
    private Keys _keys = null!;

    private sealed record Keys(string Court, string Node);

    public async Task InitializeAsync()
    {
        _system = await shared.StartOnceAsync(postgres);
        _keys = await shared.SetUpOnceAsync(async () => new Keys(
            await _system.RegisterCourtAsync("fed-court"), await _system.RegisterConsumerAsync("fed-node", role: "node")));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AppliedEvents_AreServedInOrder_AsTheCourtSentThem_DuplicatesAndRejectionsNotAgain()
    {
        var cursor = await EndOfFeedAsync();
        var unit = new { idType = "uscc", idNumber = TestIds.Uscc(), name = "某某建设有限公司" };
        var officer = new { role = "legal_representative", idType = "resident_id", idNumber = TestIds.ResidentId(), name = "张某" };
        object[] events =
        [
            new { eventId = "fed-1", type = "risk_notice", caseNumber = "(2026)京0101执1号", subject = unit, on = "2026-11-02" },
            new { eventId = "fed-2", type = "listed", caseNumber = "(2026)京0101执1号", subject = unit, on = "2026-11-20", listedOn = "2026-11-20", servedOn = "2026-11-21", @public = true, obligation = "支付货款", officers = new[] { officer } },
            new { eventId = "fed-3", type = "retained", caseNumber = "(2026)京0101执1号", subject = unit, measure = "consumption.air", until = "2027-06-30", basis = "判决" },
            new { eventId = "fed-4", type = "verification_started", caseNumber = "(2026)京0101执1号", subject = unit, measure = "consumption.rail" },
        ];
        await PostAsync(events, "applied", "applied", "applied", "applied");
        // Sent again (a lost answer) and a transition the lifecycle refuses: neither reaches the feed.
        await PostAsync([events[1], new { eventId = "fed-5", type = "shielded", caseNumber = "(2026)京0101执9号", subject = unit }], "duplicate", "rejected");

        var page = await _system.JsonAsync(HttpMethod.Get, $"/v1/federation/events?after={cursor}", _keys.Node);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["fed-1", "fed-2", "fed-3", "fed-4"], items.Select(i => i.GetProperty("event").GetProperty("eventId").GetString()));
        Assert.All(items, i => Assert.Equal("fed-court", i.GetProperty("court").GetString()));
        var seqs = items.Select(i => i.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.True(seqs[0] > long.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(seqs[^1].ToString(System.Globalization.CultureInfo.InvariantCulture), page.GetProperty("next").GetString());

        // Each event is the one the court sent: what it wrote, with today filled in where it left "on" out.
        for (var i = 0; i < events.Length; i++)
        {
            var sent = JsonNode.Parse(JsonSerializer.Serialize(events[i], JsonSerializerOptions.Web))!.AsObject();
            var served = JsonNode.Parse(items[i].GetProperty("event").GetRawText())!.AsObject();
            foreach (var (name, value) in sent)
            {
                Assert.True(JsonNode.DeepEquals(value, served[name]), $"{name}: sent {value?.ToJsonString()}, served {served[name]?.ToJsonString()}");
            }

            Assert.True(served.ContainsKey("on"));
            Assert.Equal(sent.Count + (sent.ContainsKey("on") ? 0 : 1), served.Count);
        }

        // The page's next cursor is where a follower polls again: nothing new yet.
        var again = await _system.JsonAsync(HttpMethod.Get, $"/v1/federation/events?after={page.GetProperty("next").GetString()}", _keys.Node);
        Assert.Empty(again.GetProperty("items").EnumerateArray());
        Assert.Equal(page.GetProperty("next").GetString(), again.GetProperty("next").GetString());
    }

    [Fact]
    public async Task ServedEvents_ReadBackThroughTheCourtEventReader_ToTheSameEvent()
    {
        var cursor = await EndOfFeedAsync();
        var person = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "李某" };
        await PostAsync(
            [
                new { eventId = "rt-1", type = "listed", caseNumber = "(2026)京0101执2号", subject = person, listedOn = "2026-11-30", @public = false },
                new { eventId = "rt-2", type = "verification_started", caseNumber = "(2026)京0101执2号", subject = person },
                new { eventId = "rt-3", type = "verification_closed", caseNumber = "(2026)京0101执2号", subject = person, outcome = "confirmed", reason = "核实无误" },
            ],
            "applied", "applied", "applied");

        var items = (await _system.JsonAsync(HttpMethod.Get, $"/v1/federation/events?after={cursor}&limit=3", _keys.Node)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        foreach (var item in items)
        {
            var (_, read, error) = CourtEventReader.Read(item.GetProperty("event"), "fed-court", today);
            Assert.True(read is not null, error);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(item.GetProperty("event").GetRawText()), JsonNode.Parse(CourtEventWriter.Write(read))));
        }
    }

    [Fact]
    public async Task OnlyNodeConsumers_ReadTheFeed()
    {
        var agency = await _system.RegisterAgencyAsync("fed-agency", "consumption.air");
        var creditPlatform = await _system.RegisterConsumerAsync("fed-credit");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _system.SendAsync(HttpMethod.Get, "/v1/federation/events", null)).StatusCode);
        foreach (var key in new[] { agency, creditPlatform, _keys.Court, RunningSystem.OperatorKey })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await _system.SendAsync(HttpMethod.Get, "/v1/federation/events", key)).StatusCode);
        }
    }

    [Theory]
    [InlineData("after=-1", "after")]
    [InlineData("after=abc", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    public async Task BadCursorOrLimit_Is400NamingIt(string query, string field)
    {
        var problem = await _system.JsonAsync(HttpMethod.Get, $"/v1/federation/events?{query}", _keys.Node, expectedStatus: 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task TheFeedsTable_HoldsNoIdentityOrNameInClear()
    {
        var idNumber = TestIds.ResidentId();
        await PostAsync([new { eventId = "clear-1", type = "listed", caseNumber = "(2026)京0101执3号", subject = new { idType = "resident_id", idNumber, name = "王某某" }, listedOn = "2026-11-30", @public = true }], "applied");
        Assert.Equal(0, await _system.CountRowsContainingAsync("jp_federation_event", idNumber));
        Assert.Equal(0, await _system.CountRowsContainingAsync("jp_federation_event", "王某某"));
        Assert.Equal(1, await _system.CountRowsContainingAsync("jp_federation_event", "clear-1"));
    }

    /// <summary>The cursor after everything in the feed now (the class's system is shared by its tests).</summary>
    private async Task<string> EndOfFeedAsync()
    {
        var cursor = "0";
        while (true)
        {
            var page = await _system.JsonAsync(HttpMethod.Get, $"/v1/federation/events?after={cursor}&limit=1000", _keys.Node);
            if (page.GetProperty("items").GetArrayLength() == 0)
            {
                return cursor;
            }

            cursor = page.GetProperty("next").GetString()!;
        }
    }

    private async Task PostAsync(object[] events, params string[] statuses)
    {
        var results = (await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _keys.Court, new { events })).GetProperty("results");
        Assert.Equal(statuses, results.EnumerateArray().Select(r => r.GetProperty("status").GetString()));
    }
}
