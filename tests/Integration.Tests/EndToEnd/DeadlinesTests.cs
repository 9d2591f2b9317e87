using System.Text.Json;
using System.Text.Json.Serialization;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Grains.Domain;
using Microsoft.Extensions.Time.Testing;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// 四(二)3 and 四(二)4 deadlines through HTTP: the gateway's clock is a FakeTimeProvider, so "today" moves
/// without waiting; the due-date index lives in PostgreSQL and survives restarts of every silo.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DeadlinesTests(PostgresServer postgres) : IAsyncLifetime
{
    /// <summary>2026-11-01 12:00 in China Standard Time; each test moves it forward.</summary>
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero));
    private RunningSystem _system = null!;
    private string _court = "";
    private string _otherCourt = "";

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(postgres, gatewayTime: _time);
        _court = await _system.RegisterCourtAsync("c1");
        _otherCourt = await _system.RegisterCourtAsync("c2");
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task CorrectionRequest_NotRuledOnWithinThreeCalendarDays_IsOverdueUntilRuled()
    {
        var debtor = Person();
        _time.SetUtcNow(CstNoon(2026, 12, 2)); // a court reports steps that happened, never later than today
        await EventsAsync(_court, Listed("l", "(2026)京01执1号", debtor, "2026-12-01"));
        await EventsAsync(_court, new { eventId = "c", type = "correction_requested", caseNumber = "(2026)京01执1号", subject = debtor, on = "2026-12-02" });

        _time.SetUtcNow(CstNoon(2026, 12, 5));
        Assert.Empty(await OverdueAsync(_court));

        _time.SetUtcNow(CstNoon(2026, 12, 6));
        var item = Assert.Single(await OverdueAsync(_court));
        Assert.Equal("(2026)京01执1号", item.GetProperty("caseNumber").GetString());
        Assert.Equal("correction_review", item.GetProperty("step").GetString());
        Assert.Equal("2026-12-05", item.GetProperty("dueOn").GetString());
        Assert.Equal(1, item.GetProperty("daysOverdue").GetInt32());

        _time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(3, Assert.Single(await OverdueAsync(_court)).GetProperty("daysOverdue").GetInt32());

        await EventsAsync(_court, new { eventId = "d", type = "correction_dismissed", caseNumber = "(2026)京01执1号", subject = debtor });
        Assert.Empty(await OverdueAsync(_court));
    }

    [Fact]
    public async Task Performed_NotDelistedWithinThreeDays_IsOverdueAcrossARestart_UntilShielded()
    {
        var debtor = Person();
        _time.SetUtcNow(CstNoon(2026, 11, 20));
        await EventsAsync(_court, Listed("l", "(2026)京01执2号", debtor, "2026-11-01"));
        await EventsAsync(_court, new { eventId = "p", type = "performed", caseNumber = "(2026)京01执2号", subject = debtor, on = "2026-11-20" });

        _time.SetUtcNow(CstNoon(2026, 11, 23));
        Assert.Empty(await OverdueAsync(_court));
        _time.SetUtcNow(CstNoon(2026, 11, 26));
        Assert.Single(await OverdueAsync(_court));

        // As if the silo had died after storing the event but before the projection: the next activation repairs it. The
        // projections' batch is one transaction, so the revision it records (jp_public_subject) is the one before too.
        await _system.ExecuteSqlAsync("DELETE FROM jp_due_step; DELETE FROM jp_due_subject; UPDATE jp_public_subject SET revision = revision - 1");
        await _system.RestartSilosAsync();
        await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{debtor.IdNumber}", _court);

        var item = Assert.Single(await OverdueAsync(_court));
        Assert.Equal("delisting", item.GetProperty("step").GetString());
        Assert.Equal("2026-11-23", item.GetProperty("dueOn").GetString());
        Assert.Equal(3, item.GetProperty("daysOverdue").GetInt32());

        await EventsAsync(_court, new { eventId = "s", type = "shielded", caseNumber = "(2026)京01执2号", subject = debtor });
        Assert.Empty(await OverdueAsync(_court));
    }

    [Fact]
    public async Task Overdue_CourtSeesOnlyItsOwnCases_OperatorSeesAll_AgencyIsRefused()
    {
        var (mine, theirs) = (Person(), Person());
        _time.SetUtcNow(CstNoon(2026, 11, 2));
        await EventsAsync(_court, Listed("l", "(2026)京01执3号", mine, "2026-11-01"), Performed("(2026)京01执3号", mine));
        await EventsAsync(_otherCourt, Listed("l", "(2026)京02执3号", theirs, "2026-11-01"), Performed("(2026)京02执3号", theirs));
        _time.SetUtcNow(CstNoon(2026, 11, 10));

        Assert.Equal(["(2026)京01执3号"], (await OverdueAsync(_court)).Select(i => i.GetProperty("caseNumber").GetString()));
        Assert.Equal(["(2026)京02执3号"], (await OverdueAsync(_otherCourt)).Select(i => i.GetProperty("caseNumber").GetString()));
        var all = await OverdueAsync(RunningSystem.OperatorKey);
        Assert.Equal(["c1", "c2"], all.Select(i => i.GetProperty("court").GetString()).Order(StringComparer.Ordinal));

        var agency = await _system.RegisterAgencyAsync("air", "consumption.air");
        await _system.JsonAsync(HttpMethod.Get, "/v1/court/overdue", agency, expectedStatus: 403);
        await _system.JsonAsync(HttpMethod.Get, "/v1/court/overdue", null, expectedStatus: 401);
        foreach (var limit in new[] { "0", "abc" })
        {
            var invalid = await _system.JsonAsync(HttpMethod.Get, $"/v1/court/overdue?limit={limit}", _court, expectedStatus: 400);
            Assert.True(invalid.GetProperty("errors").TryGetProperty("limit", out _));
        }

        static object Performed(string caseNumber, object subject) => new { eventId = "p", type = "performed", caseNumber, subject, on = "2026-11-02" };
    }

    [Fact]
    public async Task CorrectionRequest_IsAcceptedOnTheTenthDay_AndRejectedOnTheEleventh()
    {
        var first = Person();
        var second = Person();
        _time.SetUtcNow(CstNoon(2026, 11, 12));
        var results = await EventsAsync(_court,
            Listed("l1", "(2026)京01执4号", first, "2026-11-01"),
            new { eventId = "c1", type = "correction_requested", caseNumber = "(2026)京01执4号", subject = first, on = "2026-11-11" },
            Listed("l2", "(2026)京01执5号", second, "2026-11-01"),
            new { eventId = "c2", type = "correction_requested", caseNumber = "(2026)京01执5号", subject = second, on = "2026-11-12" });

        Assert.Equal(["applied", "applied", "applied", "rejected"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Contains("10 days", results[3].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetainedMeasure_EndsByItselfAfterItsUntilDate_WithoutAnyEvent()
    {
        // A check's "today" is that of the host running the check pipeline (the gateway here); the retention, stored by
        // the silos, ends by itself without an event. Both clocks show real time, the retention dates are set around it.
        _time.SetUtcNow(TimeProvider.System.GetUtcNow());
        var today = _time.Today();
        var (endsToday, endedYesterday) = (Person(), Person());
        foreach (var (debtor, until) in new[] { (endsToday, today), (endedYesterday, today.AddDays(-1)) })
        {
            var results = await EventsAsync(_court,
                Listed("l", "(2025)京01执7号", debtor, "2025-06-01"),
                new { eventId = "s", type = "shielded", caseNumber = "(2025)京01执7号", subject = debtor, on = "2025-07-01" },
                new { eventId = "r", type = "retained", caseNumber = "(2025)京01执7号", subject = debtor, on = "2025-07-01", measure = "consumption.air", until = $"{until:yyyy-MM-dd}", basis = "法律依据" });
            Assert.All(results, r => Assert.Equal("applied", r.GetProperty("status").GetString()));
        }

        var air = await _system.RegisterAgencyAsync("air", "consumption.air");
        Assert.Equal("block", await DecisionAsync(air, endsToday));
        Assert.Equal("allow", await DecisionAsync(air, endedYesterday));
    }

    private async Task<string?> DecisionAsync(string key, Subject subject) =>
        (await _system.JsonAsync(HttpMethod.Post, "/v1/checks", key, new { measure = "consumption.air", subject })).GetProperty("decision").GetString();

    private static Subject Person() => new("resident_id", TestIds.ResidentId(), "张三");

    private static object Listed(string eventId, string caseNumber, object subject, string listedOn) =>
        new { eventId, type = "listed", caseNumber, subject, listedOn, @public = true, on = listedOn };

    private static DateTimeOffset CstNoon(int year, int month, int day) => new(year, month, day, 4, 0, 0, TimeSpan.Zero);

    private async Task<JsonElement[]> EventsAsync(string court, params object[] events) =>
        [.. (await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new { events })).GetProperty("results").EnumerateArray()];

    private sealed record Subject(
        [property: JsonPropertyName("idType")] string IdType,
        [property: JsonPropertyName("idNumber")] string IdNumber,
        [property: JsonPropertyName("name")] string Name);

    private async Task<JsonElement[]> OverdueAsync(string key) =>
        [.. (await _system.JsonAsync(HttpMethod.Get, "/v1/court/overdue", key)).GetProperty("items").EnumerateArray()];
}
