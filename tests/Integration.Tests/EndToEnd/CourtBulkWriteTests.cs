using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Storage.Watchlists;
using Npgsql;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// A court's request writes the subjects new to the node in one transaction (issue 23 item 4, the importer's bulk path:
/// <c>CourtEventsGrain</c>, on by default) and the others through their grains. The same requests are sent to a system
/// with <c>Court:BulkWrites=false</c>, where every subject goes through its grain: answers, stored states, views,
/// decisions, the court's record and the public list must be the same on both.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CourtBulkWriteTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Court = "bulk-court";
    private RunningSystem _bulk = null!;
    private RunningSystem _grains = null!;
    private string _bulkCourt = null!;
    private string _grainsCourt = null!;
    private string _bulkAgency = null!;
    private string _grainsAgency = null!;

    public async Task InitializeAsync()
    {
        _bulk = await RunningSystem.StartAsync(postgres, silos: 2);
        _grains = await RunningSystem.StartAsync(postgres, silos: 1, siloSettings: new Dictionary<string, string?> { ["Court:BulkWrites"] = "false" });
        _bulkCourt = await _bulk.RegisterCourtAsync(Court);
        _grainsCourt = await _grains.RegisterCourtAsync(Court);
        _bulkAgency = await _bulk.RegisterAgencyAsync("bulk-air", "consumption.air");
        _grainsAgency = await _grains.RegisterAgencyAsync("bulk-air", "consumption.air");
    }

    public async Task DisposeAsync()
    {
        await _bulk.DisposeAsync();
        await _grains.DisposeAsync();
    }

    [Fact]
    public async Task NewSubjects_AreWrittenAsTheirGrainsWriteThem_AndKnownOnesStillGoThroughTheirGrains()
    {
        var unit = Subject("uscc", TestIds.Uscc(), "某某机械有限公司");
        var (officerA, officerB) = (Subject("resident_id", TestIds.ResidentId(), "钱某"), Subject("resident_id", TestIds.ResidentId(), "孙某"));
        var (warned, hidden, twice, known, refused) = (Person("李某"), Person("周某"), Person("吴某"), Person("郑某"), Person("王某"));

        // A subject both systems know already (through its grain): its next case goes through its grain on both.
        object[] first = [Listed("cbw-k-1", "(2026)沪0101执1号", known)];
        Assert.Equal(await ResultsAsync(_grains, _grainsCourt, first), await ResultsAsync(_bulk, _bulkCourt, first));

        // The person's grain is active with no row before the request (its view asked for).
        Assert.Equal(404, (int)(await _bulk.SendAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{hidden.idNumber}", RunningSystem.OperatorKey)).StatusCode);

        object[] events =
        [
            new
            {
                eventId = "cbw-u-1", type = "listed", caseNumber = "(2026)沪0101执2号", subject = unit, listedOn = "2026-12-01", @public = true,
                officers = new[] { Officer("legal_representative", officerA), Officer("actual_controller", officerB) },
            },
            new { eventId = "cbw-w-1", type = "risk_notice", caseNumber = "(2026)沪0101执3号", subject = warned, on = "2026-11-01" },
            Listed("cbw-w-2", "(2026)沪0101执3号", warned),
            new { eventId = "cbw-w-3", type = "correction_requested", caseNumber = "(2026)沪0101执3号", subject = warned, on = "2026-12-02" },
            new { eventId = "cbw-h-1", type = "listed", caseNumber = "(2026)沪0101执4号", subject = hidden, listedOn = "2026-12-01", @public = false },
            Listed("cbw-t-1", "(2026)沪0101执5号", twice),
            Listed("cbw-t-1", "(2026)沪0101执5号", twice),
            Listed("cbw-k-2", "(2026)沪0101执6号", known),
            // Refused on an empty state: its grain words the error.
            new { eventId = "cbw-r-1", type = "shielded", caseNumber = "(2026)沪0101执7号", subject = refused },
            // Unreadable: refused by the gateway before any grain.
            new { eventId = "cbw-x-1", type = "listed", caseNumber = "", subject = refused, listedOn = "2026-12-01", @public = true },
        ];
        var answers = await ResultsAsync(_bulk, _bulkCourt, events);
        Assert.Equal(await ResultsAsync(_grains, _grainsCourt, events), answers);
        Assert.Equal(
            ["applied", "applied", "applied", "applied", "applied", "applied", "duplicate", "applied", "rejected", "rejected"],
            answers.Select(a => a.Status));

        // Stored through the provider alike; the unit's row at the version only the bulk path leaves (its grain writes
        // again after delivering to its officers).
        foreach (var (idType, idNumber) in new[]
        {
            (IdType.Uscc, unit.idNumber), (IdType.ResidentId, officerA.idNumber), (IdType.ResidentId, officerB.idNumber),
            (IdType.ResidentId, warned.idNumber), (IdType.ResidentId, hidden.idNumber), (IdType.ResidentId, twice.idNumber), (IdType.ResidentId, known.idNumber),
        })
        {
            var (inBulk, bulkVersion, _) = await _bulk.StoredSubjectAsync(idType, idNumber);
            var (throughGrains, grainsVersion, _) = await _grains.StoredSubjectAsync(idType, idNumber);
            Assert.Equal(RunningSystem.AsStored(throughGrains), RunningSystem.AsStored(inBulk));
            // Written with its projections, the bulk row says they hold it; a grain's row does not (the known subject's
            // second case went through its grain, which projects after its write: its row says revision 1 only).
            Assert.Equal((idNumber == known.idNumber ? 1L : inBulk.Revision, 0L), (inBulk.ProjectedRevision, throughGrains.ProjectedRevision));
            if (idType == IdType.Uscc)
            {
                Assert.Equal(("1", "2"), (bulkVersion, grainsVersion));
            }
        }

        foreach (var s in new[] { unit, officerA, officerB, warned, hidden, twice, known })
        {
            var path = $"/v1/court/subjects/{s.idType}/{s.idNumber}";
            Assert.Equal(
                (await _grains.JsonAsync(HttpMethod.Get, path, RunningSystem.OperatorKey)).GetRawText(),
                (await _bulk.JsonAsync(HttpMethod.Get, path, RunningSystem.OperatorKey)).GetRawText());
            Assert.Equal(await DecisionAsync(_grains, _grainsAgency, s), await DecisionAsync(_bulk, _bulkAgency, s));
        }

        Assert.Equal("block", await DecisionAsync(_bulk, _bulkAgency, officerB));
        Assert.Equal("block", await DecisionAsync(_bulk, _bulkAgency, hidden));
        Assert.Equal(
            (await _grains.JsonAsync(HttpMethod.Get, $"/v1/courts/{Court}/record", _grainsCourt)).GetRawText(),
            (await _bulk.JsonAsync(HttpMethod.Get, $"/v1/courts/{Court}/record", _bulkCourt)).GetRawText());
        Assert.Equal(await PublicCasesAsync(_grains, unit), await PublicCasesAsync(_bulk, unit));
        Assert.Equal(await PublicCasesAsync(_grains, hidden), await PublicCasesAsync(_bulk, hidden));

        // On the record and in the feed once each; sent again, every event is a duplicate (or refused again) and adds nothing.
        var again = await ResultsAsync(_bulk, _bulkCourt, events);
        Assert.Equal(
            ["duplicate", "duplicate", "duplicate", "duplicate", "duplicate", "duplicate", "duplicate", "duplicate", "rejected", "rejected"],
            again.Select(a => a.Status));
        foreach (var eventId in new[] { "cbw-u-1", "cbw-w-1", "cbw-w-2", "cbw-w-3", "cbw-h-1", "cbw-t-1", "cbw-k-2" })
        {
            Assert.Equal(1, await _bulk.CountRowsContainingAsync("jp_federation_event", eventId));
        }
    }

    [Fact]
    public async Task MembersAdded_AreProjectedOnlyOnceTheBulkWritesUnderWayHaveEnded()
    {
        var debtor = Person("冯某");

        // A bulk write under way: its transaction holds the guard (shared) from its first statement.
        await using var bulkWrite = new NpgsqlConnection(_bulk.AppConnectionString);
        await bulkWrite.OpenAsync();
        var transaction = await bulkWrite.BeginTransactionAsync();
        await using (var guard = new NpgsqlCommand(WatchlistStore.BulkWriteGuard().CommandText, bulkWrite, transaction))
        {
            await guard.ExecuteNonQueryAsync();
        }

        var adding = _bulk.JsonAsync(HttpMethod.Post, "/v1/watchlists/staff/members", _bulkAgency, new
        {
            measure = "consumption.air", add = new[] { new { @ref = "emp-1", debtor.idType, debtor.idNumber, debtor.name } },
        });
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(adding.IsCompleted, "the members' request answered while a bulk write that could not see them was open");

        await transaction.CommitAsync();
        Assert.Equal(1, (await adding.WaitAsync(TimeSpan.FromSeconds(30))).GetProperty("added").GetInt32());

        // Listed in bulk afterwards, the member alerts through the bulk write's own projection.
        Assert.Equal("applied", (await ResultsAsync(_bulk, _bulkCourt, [Listed("cbw-f-1", "(2026)沪0101执9号", debtor)]))[0].Status);
        var alerts = (await _bulk.JsonAsync(HttpMethod.Get, "/v1/alerts?limit=1000", _bulkAgency)).GetProperty("items").EnumerateArray();
        Assert.Equal("block", Assert.Single(alerts, a => a.GetProperty("ref").GetString() == "emp-1").GetProperty("decision").GetString());
    }

    [Fact]
    public async Task MembersAdded_WhileABulkWriteStaysOpenPastTheBound_AreAnsweredAnyway()
    {
        var debtor = Person("褚某");
        await using var stuck = new NpgsqlConnection(_bulk.AppConnectionString);
        await stuck.OpenAsync();
        await using var transaction = await stuck.BeginTransactionAsync();
        await using (var guard = new NpgsqlCommand(WatchlistStore.BulkWriteGuard().CommandText, stuck, transaction))
        {
            await guard.ExecuteNonQueryAsync();
        }

        // The members' request waits at most 5 s for it, then projects them (and says so in the log).
        var started = System.Diagnostics.Stopwatch.StartNew();
        var change = await _bulk.JsonAsync(HttpMethod.Post, "/v1/watchlists/late/members", _bulkAgency, new
        {
            measure = "consumption.air", add = new[] { new { @ref = "emp-2", debtor.idType, debtor.idNumber, debtor.name } },
        });
        Assert.Equal(1, change.GetProperty("added").GetInt32());
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(30));
    }

    private static async Task<EventAnswer[]> ResultsAsync(RunningSystem system, string court, object[] events) =>
        [.. (await system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new { events })).GetProperty("results").EnumerateArray()
            .Select(r => new EventAnswer(r.GetProperty("eventId").GetString(), r.GetProperty("status").GetString()!, r.TryGetProperty("error", out var e) ? e.GetString() : null))];

    private static async Task<string?> DecisionAsync(RunningSystem system, string agency, SubjectRef subject) =>
        (await system.JsonAsync(HttpMethod.Post, "/v1/checks", agency, new { measure = "consumption.air", subject })).GetProperty("decision").GetString();

    /// <summary>The case numbers the free public query shows for <paramref name="subject"/>.</summary>
    private static async Task<string> PublicCasesAsync(RunningSystem system, SubjectRef subject)
    {
        var response = await system.SendAsync(HttpMethod.Get, $"/v1/public/debtors?name={Uri.EscapeDataString(subject.name)}&idNumber={subject.idNumber}", key: null);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    private static object Listed(string eventId, string caseNumber, SubjectRef subject) =>
        new { eventId, type = "listed", caseNumber, subject, listedOn = "2026-12-01", @public = true };

    private static object Officer(string role, SubjectRef officer) => new { role, officer.idType, officer.idNumber, officer.name };

    private static SubjectRef Person(string name) => Subject("resident_id", TestIds.ResidentId(), name);

    private static SubjectRef Subject(string idType, string idNumber, string name) => new(idType, idNumber, name);

    private sealed record EventAnswer(string? EventId, string Status, string? Error);

    /// <summary>A subject as the wire names it (lower-case members, as CONTRACT.md spells them).</summary>
#pragma warning disable IDE1006, SA1300 // the wire's member names
    private sealed record SubjectRef(string idType, string idNumber, string name);
#pragma warning restore IDE1006, SA1300
}
