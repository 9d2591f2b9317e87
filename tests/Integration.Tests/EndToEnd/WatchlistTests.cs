using System.Net;
using System.Text.Json;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Storage.Encryption;
using JointPunishment.Storage.Watchlists;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// Watchlists and alerts through HTTP (CONTRACT "Watchlists", issue 22 item 1): a member's decision under the
/// watchlist's measure crossing <c>allow</c> alerts, by any court event, as debtor or officer, before the court's
/// answer; on the day a retention runs out; at once when a member is added already restricted. The silos' day for
/// projections is a FakeTimeProvider (the gateway and Orleans keep the real clock).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WatchlistTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Air = "consumption.air";
    private readonly FakeTimeProvider _calendar = new(DateTimeOffset.UtcNow);
    private RunningSystem _system = null!;
    private string _court = "";
    private string _agency = "";
    private int _events;

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(
            postgres,
            siloServices: services => services.AddSingleton(new ProjectionCalendar(_calendar)),
            siloSettings: new Dictionary<string, string?> { ["Watchlists:SweepInterval"] = "00:00:01" });
        _court = await _system.RegisterCourtAsync("c1");
        _agency = await _system.RegisterAgencyAsync("air", Air);
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task ListedDebtor_IsAlertedRestrictedBeforeTheCourtsAnswer_AndShieldingAlertsLifted()
    {
        var debtor = Person();
        await AddAsync(_agency, "staff", ("emp-1", debtor), ("emp-2", Person()));
        Assert.Empty(await AlertsAsync(_agency));

        await EventAsync(Listed("(2026)京01执1号", debtor));
        // Read right after the court's answer: no wait, no polling.
        var restricted = Assert.Single(await AlertsAsync(_agency));
        Assert.Equal(("staff", "emp-1", Air, "block", "restricted"), Describe(restricted));

        await EventAsync(new { type = "shielded", caseNumber = "(2026)京01执1号", subject = debtor });
        var alerts = await AlertsAsync(_agency);
        Assert.Equal(2, alerts.Count);
        Assert.Equal(("staff", "emp-1", Air, "allow", "lifted"), Describe(alerts[1]));
        Assert.True(alerts[1].GetProperty("seq").GetInt64() > alerts[0].GetProperty("seq").GetInt64());

        // The identity number is nowhere in the tables in clear: keyed hashes, and each member's identity sealed.
        Assert.Equal(0, await _system.CountRowsContainingAsync("jp_watch_member", debtor.idNumber));
        Assert.Equal(0, await _system.CountRowsContainingAsync("jp_alert", debtor.idNumber));
        Assert.Equal(2, await _system.CountRowsContainingAsync("jp_watch_member", SecretProtector.Prefix));
    }

    [Fact]
    public async Task OfficerOfAListedUnit_IsAlerted()
    {
        var officer = Person();
        await AddAsync(_agency, "officers", ("o-1", officer));

        await EventAsync(new
        {
            type = "listed", caseNumber = "(2026)京01执2号", listedOn = Today(), @public = true,
            subject = new { idType = "uscc", idNumber = TestIds.Uscc(), name = "某某有限公司" },
            officers = new[] { new { role = "legal_representative", officer.idType, officer.idNumber, officer.name } },
        });

        Assert.Equal(("officers", "o-1", Air, "block", "restricted"), Describe(Assert.Single(await AlertsAsync(_agency))));
    }

    [Fact]
    public async Task VerificationStarted_AlertsLifted_AndConfirmedAgainRestricted()
    {
        var debtor = Person();
        await AddAsync(_agency, "suspended", ("s-1", debtor));
        await EventAsync(Listed("(2026)京01执3号", debtor));

        await EventAsync(new { type = "verification_started", caseNumber = "(2026)京01执3号", subject = debtor });
        await EventAsync(new { type = "verification_closed", caseNumber = "(2026)京01执3号", subject = debtor, outcome = "confirmed" });

        Assert.Equal(["restricted", "lifted", "restricted"], (await AlertsAsync(_agency)).Select(a => a.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task MemberAlreadyListedWhenAdded_IsAlertedAtOnce_AndAddedAgainIsNotAlertedTwice()
    {
        var debtor = Person();
        await EventAsync(Listed("(2026)京01执4号", debtor));
        await AddAsync(_agency, "late", ("l-1", debtor), ("l-2", Person()));

        Assert.Equal(("late", "l-1", Air, "block", "restricted"), Describe(Assert.Single(await AlertsAsync(_agency))));

        // Added again, also as a member stored before migration 0033 (no sealed identity): it gets its identity sealed and
        // keeps the decision already alerted.
        await _system.ExecuteSqlAsync("UPDATE jp_watch_member SET subject = NULL WHERE ref = 'l-1'");
        await AddAsync(_agency, "late", ("l-1", debtor));
        Assert.Single(await AlertsAsync(_agency));
        Assert.Equal(2, await _system.CountRowsContainingAsync("jp_watch_member", SecretProtector.Prefix));
    }

    [Fact]
    public async Task RemovedMember_IsNoLongerAlerted()
    {
        var debtor = Person();
        await AddAsync(_agency, "gone", ("g-1", debtor));
        var change = await _system.JsonAsync(HttpMethod.Post, "/v1/watchlists/gone/members", _agency, new { measure = Air, remove = new[] { "g-1", "never-there" } });
        Assert.Equal(0, change.GetProperty("added").GetInt32());
        Assert.Equal(1, change.GetProperty("removed").GetInt32());

        await EventAsync(Listed("(2026)京01执5号", debtor));
        Assert.Empty(await AlertsAsync(_agency));
    }

    [Fact]
    public async Task MeasureTheAgencyDoesNotHold_Is403_AndNothingIsStored()
    {
        using var response = await _system.SendAsync(HttpMethod.Post, "/v1/watchlists/rail/members", _agency, new
        {
            measure = "consumption.rail", add = new[] { Member("r-1", Person()) },
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await _system.CountRowsContainingAsync("jp_watchlist", "rail"));
        Assert.Equal(0, await _system.CountRowsContainingAsync("jp_watch_member", "r-1"));
    }

    [Fact]
    public async Task BadInput_Is400NamingTheField_AndNothingIsStored()
    {
        var tooMany = Enumerable.Range(0, 11_000).Select(i => Member($"m-{i}", new Subject("resident_id", TestIds.ResidentId(), "某"))).ToArray();
        await AssertInvalidAsync(new { measure = Air, add = tooMany }, "add");
        await AssertInvalidAsync(new { measure = Air, add = new[] { Member(new string('r', 65), Person()) } }, "add[0].ref");
        await AssertInvalidAsync(new { measure = Air, add = new[] { Member("ok", Person()), Member("bad", new Subject("resident_id", "110101199003070000", "某")) } }, "add[1].idNumber");
        await AssertInvalidAsync(new { measure = Air, add = new[] { Member("twice", Person()), Member("twice", Person()) } }, "add[1].ref");
        await AssertInvalidAsync(new { measure = "no.such_measure", add = new[] { Member("ok", Person()) } }, "measure");
        await AssertInvalidAsync(new { measure = Air, remove = new object[] { 7 } }, "remove[0]");
        Assert.Equal(0, await _system.CountRowsContainingAsync("jp_watchlist", "bad-input"));
        Assert.Equal(0, await _system.CountRowsContainingAsync("jp_watch_member", "ok"));

        // A watchlist has one measure: another one for it is a conflict naming measure, and changes nothing.
        var other = await _system.RegisterAgencyAsync("both", Air, "consumption.rail");
        await AddAsync(other, "one-measure", ("x-1", Person()));
        using var conflict = await _system.SendAsync(HttpMethod.Post, "/v1/watchlists/one-measure/members", other, new
        {
            measure = "consumption.rail", add = new[] { Member("x-2", Person()) }, remove = new[] { "x-1" },
        });
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("measure", await conflict.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await _system.CountRowsContainingAsync("jp_watch_member", "x-1"));
        Assert.Equal(0, await _system.CountRowsContainingAsync("jp_watch_member", "x-2"));
    }

    [Fact]
    public async Task AnotherAgencysFeed_NeverShowsTheseAlerts()
    {
        var other = await _system.RegisterAgencyAsync("other", Air);
        var debtor = Person();
        await AddAsync(_agency, "mine", ("m-1", debtor));

        await EventAsync(Listed("(2026)京01执6号", debtor));

        Assert.Single(await AlertsAsync(_agency));
        Assert.Empty(await AlertsAsync(other));
        var page = await _system.JsonAsync(HttpMethod.Get, "/v1/alerts?after=0&limit=1000", other);
        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal("0", page.GetProperty("next").GetString());
    }

    [Fact]
    public async Task Feed_PagesWithItsCursor_InOrder_AndBadParametersAre400()
    {
        var debtors = Enumerable.Range(0, 5).Select(_ => Person()).ToArray();
        await AddAsync(_agency, "paged", [.. debtors.Select((d, i) => ($"p-{i}", d))]);
        for (var i = 0; i < debtors.Length; i++)
        {
            await EventAsync(Listed($"(2026)京01执1{i}号", debtors[i]));
        }

        var refs = new List<string>();
        string? after = null;
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await _system.JsonAsync(HttpMethod.Get, $"/v1/alerts?limit=2{(after is null ? "" : $"&after={after}")}", _agency);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 2);
            refs.AddRange(items.Select(a => a.GetProperty("ref").GetString()!));
            after = page.GetProperty("next").GetString();
            if (items.Count == 0)
            {
                break;
            }
        }

        Assert.Equal(["p-0", "p-1", "p-2", "p-3", "p-4"], refs);
        await AssertInvalidQueryAsync("/v1/alerts?limit=0", "limit");
        await AssertInvalidQueryAsync("/v1/alerts?after=x", "after");
    }

    [Fact]
    public async Task SilosStoppedRightAfterTheCourtsAnswer_TheAlertIsInTheFeed()
    {
        var debtor = Person();
        await AddAsync(_agency, "crash", ("c-1", debtor));

        await EventAsync(Listed("(2026)京01执7号", debtor));
        await _system.StopSilosAsync();

        // No silo runs: the alert was stored before the answer. Read as the gateway reads the feed, from PostgreSQL (the
        // gateway itself would soon refuse the agency's key, which it can no longer confirm with the cluster).
        await using var database = NpgsqlDataSource.Create(_system.AppConnectionString);
        var alert = Assert.Single(await new AlertFeed(database).ReadAfterAsync("air", 0, 100, CancellationToken.None));
        Assert.Equal(("crash", "c-1", Air, Decision.Block, WatchAlertKind.Restricted), (alert.Watchlist, alert.Ref, alert.Measure, alert.Decision, alert.Kind));
    }

    [Fact]
    public async Task ChangeStoredButNotProjected_IsAlertedWhenTheSubjectIsActivatedAgain()
    {
        var debtor = Person();
        await EventAsync(Listed("(2026)京01执7号", debtor));
        await AddAsync(_agency, "replay", ("r-1", debtor));
        await _system.ExecuteSqlAsync("DELETE FROM jp_alert");
        // The subject has a row now, so this listing goes through its grain, which stores the change and then projects it
        // (a court request's first write of a subject stores its projections in the same transaction: nothing to replay).
        await EventAsync(Listed("(2026)京01执8号", debtor));

        // As if the silo had died after storing the event but before the projection: the next activation alerts. The
        // projections' batch is one transaction, so the revision it records (jp_public_subject) is the one before too.
        await _system.ExecuteSqlAsync("DELETE FROM jp_alert; UPDATE jp_watch_member SET decision = 0; UPDATE jp_public_subject SET revision = revision - 1");
        await _system.RestartSilosAsync();
        await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{debtor.idNumber}", _court);

        Assert.Equal(("replay", "r-1", Air, "block", "restricted"), Describe(Assert.Single(await AlertsAsync(_agency))));
    }

    [Fact]
    public async Task RetentionRunningOut_IsAlertedLiftedOnTheDayAfterItsUntil()
    {
        var debtor = Person();
        await AddAsync(_agency, "retained", ("t-1", debtor));
        await EventAsync(Listed("(2026)京01执9号", debtor));
        await EventAsync(new { type = "retained", caseNumber = "(2026)京01执9号", subject = debtor, measure = Air, until = Today(), basis = "法律依据" });
        await EventAsync(new { type = "shielded", caseNumber = "(2026)京01执9号", subject = debtor });

        // Shielded, but consumption.air is retained through today: still restricted, nothing to alert.
        Assert.Equal(["restricted"], (await AlertsAsync(_agency)).Select(a => a.GetProperty("kind").GetString()));

        _calendar.Advance(TimeSpan.FromDays(1));
        await ClusterHarness.EventuallyAsync(async () =>
            Assert.Equal(["restricted", "lifted"], (await AlertsAsync(_agency)).Select(a => a.GetProperty("kind").GetString())), TimeSpan.FromSeconds(60));
        Assert.Equal(0, await _system.CountRowsContainingAsync("jp_watch_due", "subj:"));
    }

    private async Task AddAsync(string agency, string watchlist, params (string Ref, Subject Subject)[] members)
    {
        var change = await _system.JsonAsync(HttpMethod.Post, $"/v1/watchlists/{watchlist}/members", agency, new
        {
            measure = Air, add = members.Select(m => Member(m.Ref, m.Subject)).ToArray(),
        });
        Assert.Equal(members.Length, change.GetProperty("added").GetInt32());
    }

    private async Task<List<JsonElement>> AlertsAsync(string agency)
    {
        var page = await _system.JsonAsync(HttpMethod.Get, "/v1/alerts?limit=1000", agency);
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    private async Task EventAsync(object e)
    {
        var eventId = $"e{Interlocked.Increment(ref _events)}";
        var withId = JsonSerializer.SerializeToElement(e).EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        withId["eventId"] = eventId;
        var answer = await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _court, new { events = new[] { withId } });
        Assert.Equal("applied", answer.GetProperty("results")[0].GetProperty("status").GetString());
    }

    private async Task AssertInvalidAsync(object body, string field)
    {
        using var response = await _system.SendAsync(HttpMethod.Post, "/v1/watchlists/bad-input/members", _agency, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{field} not named: {text}");
    }

    private async Task AssertInvalidQueryAsync(string path, string field)
    {
        var problem = await _system.JsonAsync(HttpMethod.Get, path, _agency, expectedStatus: 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field} not named");
    }

    private static (string, string, string, string, string) Describe(JsonElement alert) => (
        alert.GetProperty("watchlist").GetString()!, alert.GetProperty("ref").GetString()!, alert.GetProperty("measure").GetString()!,
        alert.GetProperty("decision").GetString()!, alert.GetProperty("kind").GetString()!);

    private static object Listed(string caseNumber, Subject debtor) =>
        new { type = "listed", caseNumber, subject = debtor, listedOn = Today(), @public = true };

    private static object Member(string memberRef, Subject subject) => new { @ref = memberRef, subject.idType, subject.idNumber, subject.name };

    private static Subject Person() => new("resident_id", TestIds.ResidentId(), "张三");

    private static string Today() => $"{TimeProvider.System.Today():yyyy-MM-dd}";

    private sealed record Subject(string idType, string idNumber, string name);
}
