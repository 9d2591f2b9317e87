using System.Text.Json;
using JointPunishment.Grains.Subjects;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// Objections referred by agencies (四(二)3 "由相关单位告知其向执行法院提出") through HTTP: they go to the courts of the
/// subject's cases in force, each court lists its own, verification takes them up, and 3 days without that is overdue.
/// The gateway's clock is a FakeTimeProvider, so "today" moves without waiting.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ObjectionsTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(CstNoon(2026, 11, 1));
    private RunningSystem _system = null!;
    private string _court = "";
    private string _otherCourt = "";
    private string _air = "";

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(postgres, gatewayTime: _time);
        _court = await _system.RegisterCourtAsync("c1");
        _otherCourt = await _system.RegisterCourtAsync("c2");
        _air = await _system.RegisterAgencyAsync("air", "consumption.air", "consumption.rail");
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Objection_SubjectListedAtTwoCourts_GoesToBoth_EachCourtListsOnlyItsOwn_AndTheViewShowsIt()
    {
        var debtor = Person();
        await ListedAsync(_court, "(2026)京01执1号", debtor);
        await ListedAsync(_otherCourt, "(2026)京02执1号", debtor);

        var referred = await ReferAsync(debtor, "consumption.air", "债务已履行完毕");

        var id = referred.GetProperty("id").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(["(2026)京01执1号@c1", "(2026)京02执1号@c2"], referred.GetProperty("cases").EnumerateArray()
            .Select(c => $"{c.GetProperty("caseNumber").GetString()}@{c.GetProperty("court").GetString()}").Order(StringComparer.Ordinal));

        var mine = Assert.Single(await ObjectionsAsync(_court));
        Assert.Equal(id, mine.GetProperty("id").GetString());
        Assert.Equal("(2026)京01执1号", mine.GetProperty("caseNumber").GetString());
        Assert.Equal("air", mine.GetProperty("agency").GetString());
        Assert.Equal("consumption.air", mine.GetProperty("measure").GetString());
        Assert.Equal("债务已履行完毕", mine.GetProperty("reason").GetString());
        Assert.Equal("open", mine.GetProperty("status").GetString());
        Assert.Equal(_time.GetUtcNow(), mine.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal("(2026)京02执1号", Assert.Single(await ObjectionsAsync(_otherCourt)).GetProperty("caseNumber").GetString());

        var listing = (await ViewAsync(debtor)).GetProperty("listings").EnumerateArray().First(l => l.GetProperty("court").GetString() == "c1");
        var shown = Assert.Single(listing.GetProperty("objections").EnumerateArray());
        Assert.Equal(id, shown.GetProperty("id").GetString());
        Assert.Equal("open", shown.GetProperty("status").GetString());

        Assert.Equal(0L, await _system.CountRowsContainingAsync("jp_objection", debtor.IdNumber));
        await _system.JsonAsync(HttpMethod.Get, "/v1/court/objections", _air, expectedStatus: 403);
    }

    [Fact]
    public async Task Objection_SubjectNeverNamed_Is409WithoutActivatingItsGrain_AndOneNoLongerListedIs409Too()
    {
        await ListedAsync(_court, "(2026)京01执9号", Person());
        var before = await _system.CountActivationsAsync<SubjectGrain>();

        await _system.JsonAsync(HttpMethod.Post, "/v1/objections", _air, new { subject = Person(), measure = "consumption.air", reason = "不是本人" }, 409);

        Assert.True(await _system.CountActivationsAsync<SubjectGrain>() <= before);

        var shielded = Person();
        await ListedAsync(_court, "(2026)京01执2号", shielded);
        await EventsAsync(_court, new { eventId = "s", type = "shielded", caseNumber = "(2026)京01执2号", subject = shielded });
        await _system.JsonAsync(HttpMethod.Post, "/v1/objections", _air, new { subject = shielded, measure = "consumption.air", reason = "已屏蔽" }, 409);
        Assert.Empty(await ObjectionsAsync(_court));
    }

    [Fact]
    public async Task Objection_InvalidRequests_AreRefusedNamingTheField_AndChangeNothing()
    {
        var debtor = Person();
        await ListedAsync(_court, "(2026)京01执3号", debtor);

        await _system.JsonAsync(HttpMethod.Post, "/v1/objections", _air, new { subject = debtor, measure = "finance.bond_public", reason = "异议" }, 403);
        await _system.JsonAsync(HttpMethod.Post, "/v1/objections", _court, new { subject = debtor, measure = "consumption.air", reason = "异议" }, 403);
        await _system.JsonAsync(HttpMethod.Post, "/v1/objections", null, new { subject = debtor, measure = "consumption.air", reason = "异议" }, 401);
        var cases = new (object Body, string Field)[]
        {
            (new { subject = debtor, measure = "consumption.teleport", reason = "异议" }, "measure"),
            (new { subject = debtor with { IdNumber = debtor.IdNumber[..17] + (debtor.IdNumber[^1] == '0' ? "1" : "0") }, measure = "consumption.air", reason = "异议" }, "subject.idNumber"),
            (new { subject = debtor, measure = "consumption.air" }, "reason"),
            (new { subject = debtor, measure = "consumption.air", reason = new string('理', 2001) }, "reason"),
        };
        foreach (var (body, field) in cases)
        {
            var problem = await _system.JsonAsync(HttpMethod.Post, "/v1/objections", _air, body, 400);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        }

        Assert.Empty(await ObjectionsAsync(_court));
    }

    [Fact]
    public async Task Objection_NotTakenUpWithinThreeDays_IsOverdue_UntilVerificationOfItsMeasureTakesItUp()
    {
        var debtor = Person();
        await ListedAsync(_court, "(2026)京01执4号", debtor);
        _time.SetUtcNow(CstNoon(2026, 11, 2));
        await ReferAsync(debtor, "consumption.air", "异议");
        await ReferAsync(debtor, "consumption.rail", "异议");

        _time.SetUtcNow(CstNoon(2026, 11, 5));
        Assert.Empty(await OverdueAsync());
        _time.SetUtcNow(CstNoon(2026, 11, 6));
        var item = Assert.Single(await OverdueAsync());
        Assert.Equal("objection", item.GetProperty("step").GetString());
        Assert.Equal("(2026)京01执4号", item.GetProperty("caseNumber").GetString());
        Assert.Equal("2026-11-05", item.GetProperty("dueOn").GetString());
        Assert.Equal(1, item.GetProperty("daysOverdue").GetInt32());
        // 四(二)9: and it counts in the court's record.
        Assert.Equal(1, await OverdueObjectionsInRecordAsync());

        // Verification of one measure takes up that measure's objection only; the other keeps the case overdue.
        await EventsAsync(_court, new { eventId = "v1", type = "verification_started", caseNumber = "(2026)京01执4号", subject = debtor, measure = "consumption.air" });
        Assert.Equal(
            ["consumption.air:taken_up", "consumption.rail:open"],
            (await ObjectionsAsync(_court)).Select(o => $"{o.GetProperty("measure").GetString()}:{o.GetProperty("status").GetString()}").Order(StringComparer.Ordinal));
        Assert.Single(await OverdueAsync());

        await EventsAsync(_court, new { eventId = "v2", type = "verification_started", caseNumber = "(2026)京01执4号", subject = debtor, measure = "consumption.rail" });
        Assert.All(await ObjectionsAsync(_court), o => Assert.Equal("taken_up", o.GetProperty("status").GetString()));
        Assert.Empty(await OverdueAsync());
        Assert.Equal(0, await OverdueObjectionsInRecordAsync());
        Assert.Empty((await _system.JsonAsync(HttpMethod.Get, "/v1/court/objections?status=open", _court)).GetProperty("items").EnumerateArray());
    }

    private async Task ListedAsync(string court, string caseNumber, Subject debtor)
    {
        var results = await EventsAsync(court, new { eventId = "l", type = "listed", caseNumber, subject = debtor, listedOn = "2026-11-01", @public = true, on = "2026-11-01" });
        Assert.Equal("applied", results[0].GetProperty("status").GetString());
    }

    private async Task<JsonElement> ReferAsync(Subject debtor, string measure, string reason) =>
        await _system.JsonAsync(HttpMethod.Post, "/v1/objections", _air, new { subject = debtor, measure, reason }, 201);

    private async Task<JsonElement[]> ObjectionsAsync(string court) =>
        [.. (await _system.JsonAsync(HttpMethod.Get, "/v1/court/objections", court)).GetProperty("items").EnumerateArray()];

    private async Task<JsonElement> ViewAsync(Subject debtor) =>
        await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{debtor.IdNumber}", _court);

    private async Task<long> OverdueObjectionsInRecordAsync() =>
        (await _system.JsonAsync(HttpMethod.Get, "/v1/courts/c1/record", _court)).GetProperty("overdue").GetProperty("objection").GetInt64();

    private async Task<JsonElement[]> OverdueAsync() =>
        [.. (await _system.JsonAsync(HttpMethod.Get, "/v1/court/overdue", _court)).GetProperty("items").EnumerateArray()];

    private async Task<JsonElement[]> EventsAsync(string court, params object[] events) =>
        [.. (await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new { events })).GetProperty("results").EnumerateArray()];

    private static Subject Person() => new("resident_id", TestIds.ResidentId(), "张三");

    private static DateTimeOffset CstNoon(int year, int month, int day) => new(year, month, day, 4, 0, 0, TimeSpan.Zero);

    private sealed record Subject(
        [property: System.Text.Json.Serialization.JsonPropertyName("idType")] string IdType,
        [property: System.Text.Json.Serialization.JsonPropertyName("idNumber")] string IdNumber,
        [property: System.Text.Json.Serialization.JsonPropertyName("name")] string Name);
}
