using System.Text.Json;
using System.Text.Json.Serialization;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// 四(二)3 and 四(二)9 through HTTP: the correction window counts from service, a listing without a risk notice is
/// marked and counted in the court's record, and no date a court sends can leave a subject unusable.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DueProcessTests(PostgresServer postgres) : IAsyncLifetime
{
    /// <summary>2026-11-10 12:00 in China Standard Time.</summary>
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 10, 4, 0, 0, TimeSpan.Zero));
    private RunningSystem _system = null!;
    private string _court = "";
    private string _otherCourt = "";

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(postgres, gatewayTime: _time);
        _court = await _system.RegisterCourtAsync("r1");
        _otherCourt = await _system.RegisterCourtAsync("r2");
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task CourtRecord_CountsListingsThoseWithoutRiskNoticeAndOverdueStepsByStep()
    {
        var (unwarned, warned, performed, elsewhere) = (Person(), Person(), Person(), Person());
        var results = await EventsAsync(_court,
            Listed("l1", "(2026)宁01执1号", unwarned, "2026-11-01"),
            new { eventId = "c1", type = "correction_requested", caseNumber = "(2026)宁01执1号", subject = unwarned, on = "2026-11-02" },
            new { eventId = "n2", type = "risk_notice", caseNumber = "(2026)宁01执2号", subject = warned, on = "2026-10-20" },
            Listed("l2", "(2026)宁01执2号", warned, "2026-11-01"),
            new { eventId = "n3", type = "risk_notice", caseNumber = "(2026)宁01执3号", subject = performed, on = "2026-10-20" },
            Listed("l3", "(2026)宁01执3号", performed, "2026-11-01"),
            new { eventId = "p3", type = "performed", caseNumber = "(2026)宁01执3号", subject = performed, on = "2026-11-03" });
        Assert.All(results, r => Assert.Equal("applied", r.GetProperty("status").GetString()));
        await EventsAsync(_otherCourt, Listed("l4", "(2026)宁02执4号", elsewhere, "2026-11-01"));

        var record = await _system.JsonAsync(HttpMethod.Get, "/v1/courts/r1/record", _court);

        Assert.Equal(3, record.GetProperty("listings").GetInt64());
        Assert.Equal(1, record.GetProperty("riskNoticeMissing").GetInt64());
        var overdue = record.GetProperty("overdue");
        Assert.Equal(
            [("correction_review", 1L), ("delisting", 1L), ("objection", 0L), ("reconsideration", 0L)],
            overdue.EnumerateObject().Select(p => (p.Name, p.Value.GetInt64())).OrderBy(p => p.Name, StringComparer.Ordinal));
        var other = await _system.JsonAsync(HttpMethod.Get, "/v1/courts/r2/record", RunningSystem.OperatorKey);
        Assert.Equal((1, 1), (other.GetProperty("listings").GetInt64(), other.GetProperty("riskNoticeMissing").GetInt64()));
        Assert.Equal(0, other.GetProperty("overdue").GetProperty("delisting").GetInt64());

        Assert.True((await ListingAsync(unwarned)).GetProperty("riskNoticeMissing").GetBoolean());
        Assert.False((await ListingAsync(warned)).GetProperty("riskNoticeMissing").GetBoolean());
    }

    [Fact]
    public async Task CourtRecord_OperatorOrThatCourtOnly_UnknownCourtIsNotFound()
    {
        var agency = await _system.RegisterAgencyAsync("air", "consumption.air");

        await _system.JsonAsync(HttpMethod.Get, "/v1/courts/r1/record", RunningSystem.OperatorKey);
        await _system.JsonAsync(HttpMethod.Get, "/v1/courts/r1/record", _court);
        await _system.JsonAsync(HttpMethod.Get, "/v1/courts/r1/record", _otherCourt, expectedStatus: 403);
        await _system.JsonAsync(HttpMethod.Get, "/v1/courts/r1/record", agency, expectedStatus: 403);
        await _system.JsonAsync(HttpMethod.Get, "/v1/courts/r1/record", null, expectedStatus: 401);
        await _system.JsonAsync(HttpMethod.Get, "/v1/courts/nobody/record", RunningSystem.OperatorKey, expectedStatus: 404);
    }

    [Fact]
    public async Task CorrectionWindow_CountsFromServedOn_AndTheRejectionNamesTheDateItCountedFrom()
    {
        var (served, unserved) = (Person(), Person());
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 20, 4, 0, 0, TimeSpan.Zero));
        var results = await EventsAsync(_court,
            Listed("l1", "(2026)宁01执11号", served, "2026-11-01") with { ServedOn = "2026-11-06" },
            new { eventId = "c1", type = "correction_requested", caseNumber = "(2026)宁01执11号", subject = served, on = "2026-11-16" },
            Listed("l2", "(2026)宁01执12号", unserved, "2026-11-01"),
            new { eventId = "c2", type = "correction_requested", caseNumber = "(2026)宁01执12号", subject = unserved, on = "2026-11-16" },
            Listed("l3", "(2026)宁01执13号", Person(), "2026-11-05") with { ServedOn = "2026-11-04" });

        Assert.Equal(["applied", "applied", "applied", "rejected", "rejected"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Contains("(listed 2026-11-01)", results[3].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("servedOn", results[4].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("2026-11-06", (await ListingAsync(served)).GetProperty("servedOn").GetString());
    }

    [Fact]
    public async Task Dates_OutOfBoundsOrAfterToday_AreRejectedNamingTheField_AndTheSubjectKeepsAnswering()
    {
        var debtor = Person();
        const string Case = "(2026)宁01执21号";
        var results = await EventsAsync(_court,
            Listed("l", Case, debtor, "2026-11-01"),
            // Before the bounds this was applied, its 3-day deadline overflowed in the due-step projection, and the
            // subject could neither take another event nor be activated to answer a check.
            new { eventId = "p-far", type = "performed", caseNumber = Case, subject = debtor, on = "9999-12-29" },
            new { eventId = "p-early", type = "performed", caseNumber = Case, subject = debtor, on = "1899-12-31" },
            new { eventId = "p-tomorrow", type = "performed", caseNumber = Case, subject = debtor, on = "2026-11-11" },
            Listed("l-future", "(2026)宁01执22号", Person(), "2026-11-11"),
            Listed("l-served", "(2026)宁01执23号", Person(), "2026-11-01") with { ServedOn = "2026-11-11" },
            Retained("r-far", Case, debtor, "2101-01-01"),
            Retained("r-ok", Case, debtor, "2100-12-31"),
            new { eventId = "p-today", type = "performed", caseNumber = Case, subject = debtor, on = "2026-11-10" });

        Assert.Equal(
            ["applied", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "applied", "applied"],
            results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal("on: must be between 1900-01-01 and 2100-12-31", results[1].GetProperty("error").GetString());
        Assert.Equal("on: must be between 1900-01-01 and 2100-12-31", results[2].GetProperty("error").GetString());
        Assert.Equal("on: must not be after today (2026-11-10)", results[3].GetProperty("error").GetString());
        Assert.Contains("listedOn: must not be after today (2026-11-10)", results[4].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("servedOn: must not be after today (2026-11-10)", results[5].GetProperty("error").GetString());
        Assert.Equal("until: must be between 1900-01-01 and 2100-12-31", results[6].GetProperty("error").GetString());

        var air = await _system.RegisterAgencyAsync("air2", "consumption.air");
        var check = await _system.JsonAsync(HttpMethod.Post, "/v1/checks", air, new { measure = "consumption.air", subject = debtor });
        Assert.Equal("block", check.GetProperty("decision").GetString());
        await _system.RestartSilosAsync();
        Assert.Equal("2026-11-10", (await ListingAsync(debtor)).GetProperty("performedOn").GetString());
    }

    private async Task<JsonElement> ListingAsync(Subject subject) =>
        (await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{subject.IdNumber}", RunningSystem.OperatorKey))
            .GetProperty("listings")[0];

    private async Task<JsonElement[]> EventsAsync(string court, params object[] events) =>
        [.. (await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new { events })).GetProperty("results").EnumerateArray()];

    private static Subject Person() => new("resident_id", TestIds.ResidentId(), "李四");

    private static ListedEvent Listed(string eventId, string caseNumber, Subject subject, string listedOn) =>
        new(eventId, "listed", caseNumber, subject, listedOn, true, listedOn, null);

    private static object Retained(string eventId, string caseNumber, Subject subject, string until) =>
        new { eventId, type = "retained", caseNumber, subject, on = "2026-11-02", measure = "consumption.air", until, basis = "法律依据" };

    private sealed record Subject(
        [property: JsonPropertyName("idType")] string IdType,
        [property: JsonPropertyName("idNumber")] string IdNumber,
        [property: JsonPropertyName("name")] string Name);

    private sealed record ListedEvent(
        [property: JsonPropertyName("eventId")] string EventId,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("caseNumber")] string CaseNumber,
        [property: JsonPropertyName("subject")] Subject Subject,
        [property: JsonPropertyName("listedOn")] string ListedOn,
        [property: JsonPropertyName("public")] bool Public,
        [property: JsonPropertyName("on")] string On,
        [property: JsonPropertyName("servedOn"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ServedOn);
}
