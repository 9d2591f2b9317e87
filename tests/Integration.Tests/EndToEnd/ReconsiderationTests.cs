using System.Text.Json;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// 复议 (四(二)3 "向上一级人民法院申请复议") through HTTP: courts registered with their higher court, the request within
/// 10 days of the dismissal, the decision only from the higher court, and its 15-day deadline on that court's overdue list.
/// The gateway's clock is a FakeTimeProvider, so "today" moves without waiting.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReconsiderationTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Case = "(2026)京0101执1号";

    private readonly FakeTimeProvider _time = new(CstNoon(2026, 11, 1));
    private RunningSystem _system = null!;
    private string _higher = "";
    private string _court = "";
    private string _other = "";

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(postgres, gatewayTime: _time);
        _higher = await _system.RegisterCourtAsync("h1");
        _court = (await _system.JsonAsync(HttpMethod.Post, "/v1/courts", RunningSystem.OperatorKey, new { code = "c1", name = "基层法院", higherCourt = "h1" }, 201))
            .GetProperty("apiKey").GetString()!;
        _other = await _system.RegisterCourtAsync("c2");
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Theory]
    [InlineData("nowhere")]
    [InlineData("c9")]
    [InlineData("bad code!")]
    public async Task RegisterCourt_HigherCourtNotAnotherRegisteredCourt_IsRejectedNamingTheField_AndRegistersNothing(string higherCourt)
    {
        var code = higherCourt == "c9" ? "c9" : "c8";
        var problem = await _system.JsonAsync(HttpMethod.Post, "/v1/courts", RunningSystem.OperatorKey, new { code, name = "法院", higherCourt }, 400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("higherCourt", out _));
        await _system.JsonAsync(HttpMethod.Post, "/v1/courts", RunningSystem.OperatorKey, new { code, name = "法院" }, 201);
    }

    [Fact]
    public async Task Reconsideration_DecidedUpheldByTheHigherCourt_LiftsTheListing_OtherCourtsAreRejected()
    {
        var debtor = Person();
        await DismissedAsync(debtor);
        var air = await _system.RegisterAgencyAsync("air", "consumption.air");
        Assert.Equal("block", await DecisionAsync(air, debtor));

        _time.SetUtcNow(CstNoon(2026, 11, 6));
        Assert.Equal("applied", await EventAsync(_higher, new { eventId = "rq", type = "reconsideration_requested", caseNumber = Case, subject = debtor, on = "2026-11-06" }));

        _time.SetUtcNow(CstNoon(2026, 11, 12));
        foreach (var court in new[] { _court, _other })
        {
            var rejected = await ResultAsync(court, Decided("d-" + court[^4..], debtor, "upheld"));
            Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        }

        Assert.Equal("block", await DecisionAsync(air, debtor));
        Assert.Equal("applied", await EventAsync(_higher, Decided("d", debtor, "upheld")));
        Assert.Equal("allow", await DecisionAsync(air, debtor));

        var listing = (await ViewAsync(debtor)).GetProperty("listings")[0];
        Assert.Equal("revoked", listing.GetProperty("status").GetString());
        Assert.True(listing.GetProperty("wrongful").GetBoolean());
        var reconsideration = listing.GetProperty("reconsideration");
        Assert.Equal("2026-11-06", reconsideration.GetProperty("requestedOn").GetString());
        Assert.Equal("h1", reconsideration.GetProperty("court").GetString());
        Assert.True(reconsideration.GetProperty("decided").GetBoolean());
        Assert.Equal("2026-11-12", reconsideration.GetProperty("decidedOn").GetString());
        Assert.Equal("upheld", reconsideration.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Reconsideration_RequestedMoreThanTenDaysAfterTheDismissal_IsRejectedNamingWindowAndDate()
    {
        var (late, inTime) = (Person(), Person());
        await DismissedAsync(late);
        await DismissedAsync(inTime);

        _time.SetUtcNow(CstNoon(2026, 11, 14));
        var rejected = await ResultAsync(_court, new { eventId = "rq", type = "reconsideration_requested", caseNumber = Case, subject = late, on = "2026-11-14" });
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Contains("10 days", rejected.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("2026-11-03", rejected.GetProperty("error").GetString(), StringComparison.Ordinal);

        Assert.Equal("applied", await EventAsync(_court, new { eventId = "rq", type = "reconsideration_requested", caseNumber = Case, subject = inTime, on = "2026-11-13" }));
        var pending = (await ViewAsync(inTime)).GetProperty("listings")[0].GetProperty("reconsideration");
        Assert.False(pending.GetProperty("decided").GetBoolean());
        Assert.False(pending.TryGetProperty("outcome", out _));
    }

    [Fact]
    public async Task Reconsideration_NotDecidedWithinFifteenDays_IsOverdueForTheHigherCourt_UntilDecided()
    {
        var debtor = Person();
        await DismissedAsync(debtor);
        _time.SetUtcNow(CstNoon(2026, 11, 5));
        Assert.Equal("applied", await EventAsync(_court, new { eventId = "rq", type = "reconsideration_requested", caseNumber = Case, subject = debtor, on = "2026-11-05" }));

        _time.SetUtcNow(CstNoon(2026, 11, 20));
        Assert.Empty(await OverdueAsync(_higher));

        _time.SetUtcNow(CstNoon(2026, 11, 21));
        var item = Assert.Single(await OverdueAsync(_higher));
        Assert.Equal(Case, item.GetProperty("caseNumber").GetString());
        Assert.Equal("reconsideration", item.GetProperty("step").GetString());
        Assert.Equal("h1", item.GetProperty("court").GetString());
        Assert.Equal("2026-11-20", item.GetProperty("dueOn").GetString());
        Assert.Equal(1, item.GetProperty("daysOverdue").GetInt32());
        Assert.Empty(await OverdueAsync(_court));
        // 四(二)9: the overdue reconsideration counts in the higher court's record, not the listing court's.
        Assert.Equal(1, await OverdueInRecordAsync("h1", "reconsideration"));
        Assert.Equal(0, await OverdueInRecordAsync("c1", "reconsideration"));

        Assert.Equal("applied", await EventAsync(_higher, Decided("d", debtor, "dismissed")));
        Assert.Empty(await OverdueAsync(_higher));
        Assert.Equal(0, await OverdueInRecordAsync("h1", "reconsideration"));
        Assert.Equal("listed", (await ViewAsync(debtor)).GetProperty("listings")[0].GetProperty("status").GetString());
    }

    /// <summary>Listed 2026-11-01, correction requested 11-02 and dismissed 11-03 by the listing court; the clock ends on 11-03.</summary>
    private async Task DismissedAsync(object debtor)
    {
        _time.SetUtcNow(CstNoon(2026, 11, 3));
        var results = await EventsAsync(_court,
            new { eventId = "l", type = "listed", caseNumber = Case, subject = debtor, listedOn = "2026-11-01", @public = true, on = "2026-11-01" },
            new { eventId = "c", type = "correction_requested", caseNumber = Case, subject = debtor, on = "2026-11-02" },
            new { eventId = "cd", type = "correction_dismissed", caseNumber = Case, subject = debtor, on = "2026-11-03" });
        Assert.All(results, r => Assert.Equal("applied", r.GetProperty("status").GetString()));
    }

    private static object Decided(string eventId, object subject, string outcome) =>
        new { eventId, type = "reconsideration_decided", caseNumber = Case, subject, outcome };

    private static object Person() => new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "张三" };

    private static DateTimeOffset CstNoon(int year, int month, int day) => new(year, month, day, 4, 0, 0, TimeSpan.Zero);

    private async Task<string?> DecisionAsync(string key, object subject) =>
        (await _system.JsonAsync(HttpMethod.Post, "/v1/checks", key, new { measure = "consumption.air", subject })).GetProperty("decision").GetString();

    private async Task<JsonElement> ViewAsync(object debtor)
    {
        var idNumber = JsonSerializer.SerializeToElement(debtor).GetProperty("idNumber").GetString();
        return await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{idNumber}", _court);
    }

    private async Task<string?> EventAsync(string court, object e) => (await ResultAsync(court, e)).GetProperty("status").GetString();

    private async Task<JsonElement> ResultAsync(string court, object e) => (await EventsAsync(court, e))[0];

    private async Task<JsonElement[]> EventsAsync(string court, params object[] events) =>
        [.. (await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new { events })).GetProperty("results").EnumerateArray()];

    private async Task<JsonElement[]> OverdueAsync(string key) =>
        [.. (await _system.JsonAsync(HttpMethod.Get, "/v1/court/overdue", key)).GetProperty("items").EnumerateArray()];

    private async Task<long> OverdueInRecordAsync(string court, string step) =>
        (await _system.JsonAsync(HttpMethod.Get, $"/v1/courts/{court}/record", RunningSystem.OperatorKey)).GetProperty("overdue").GetProperty(step).GetInt64();
}
