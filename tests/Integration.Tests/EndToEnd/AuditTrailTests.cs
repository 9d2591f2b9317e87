using System.Text.Json;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// The audit covers reads and survives retries (issue 24 item 7): a court's or the operator's read of a subject's whole
/// state is on record under the subject's key, and every applied court event has exactly one audit row even when the
/// first attempt applied it and then failed (here: its audit write failed), so the court sent it again.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditTrailTests(PostgresServer postgres) : IAsyncLifetime
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await RunningSystem.StartAsync(postgres);

    public async Task DisposeAsync()
    {
        await _system.ExecuteSqlAsync("DROP TRIGGER IF EXISTS test_audit_unavailable ON jp_audit");
        await _system.DisposeAsync();
    }

    [Fact]
    public async Task SubjectView_ReadByACourtOrTheOperator_IsAuditedUnderTheSubjectsKey_NeverItsNumber()
    {
        var court = await _system.RegisterCourtAsync("at-read");
        var listed = TestIds.ResidentId();
        var unnamed = TestIds.ResidentId();
        await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, Events(Listed("at-read-1", listed)));

        await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{listed}", court);
        await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{listed}", RunningSystem.OperatorKey);
        await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{unnamed}", court, expectedStatus: 404);

        var reads = (await AuditAsync()).Where(e => e.GetProperty("action").GetString() == "subject_viewed").ToList();
        Assert.Equal(
            [("court", "at-read", true), ("operator", "operator", true), ("court", "at-read", false)],
            reads.Select(e => (e.GetProperty("actorRole").GetString(), e.GetProperty("actorCode").GetString(), e.GetProperty("detail").GetProperty("found").GetBoolean())));
        Assert.All(reads, e => Assert.StartsWith(GrainKeys.SubjectPrefix, e.GetProperty("target").GetString(), StringComparison.Ordinal));
        Assert.Equal(reads[0].GetProperty("target").GetString(), reads[1].GetProperty("target").GetString());
        Assert.NotEqual(reads[0].GetProperty("target").GetString(), reads[2].GetProperty("target").GetString());
        Assert.Equal(0L, await _system.CountRowsContainingAsync("jp_audit", listed));
        Assert.Equal(0L, await _system.CountRowsContainingAsync("jp_audit", unnamed));
    }

    [Fact]
    public async Task CourtEvent_AppliedButItsAuditFailed_IsAuditedExactlyOnceWhenTheCourtRetries()
    {
        var court = await _system.RegisterCourtAsync("at-retry");
        var person = TestIds.ResidentId();
        var body = Events(Listed("at-retry-1", person));

        // The grain applies the event, then the audit write fails: the court gets no answer saying "applied".
        await _system.ExecuteSqlAsync("""
            CREATE OR REPLACE FUNCTION test_audit_unavailable() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'injected: audit write failed'; END; $$;
            CREATE TRIGGER test_audit_unavailable BEFORE INSERT ON jp_audit FOR EACH STATEMENT EXECUTE FUNCTION test_audit_unavailable();
            """);
        using (var failed = await _system.SendAsync(HttpMethod.Post, "/v1/court/events", court, body))
        {
            Assert.False(failed.IsSuccessStatusCode, $"expected a failure, got {(int)failed.StatusCode}");
        }

        await _system.ExecuteSqlAsync("DROP TRIGGER test_audit_unavailable ON jp_audit");
        var retried = await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, body);
        Assert.Equal("duplicate", retried.GetProperty("results")[0].GetProperty("status").GetString());   // it was applied the first time
        var again = await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, body);
        Assert.Equal("duplicate", again.GetProperty("results")[0].GetProperty("status").GetString());

        var rows = await EventRowsAsync("at-retry", "at-retry-1");
        var row = Assert.Single(rows);
        Assert.StartsWith(GrainKeys.SubjectPrefix, row.GetProperty("target").GetString(), StringComparison.Ordinal);
        Assert.Equal("listed", row.GetProperty("detail").GetProperty("type").GetString());
        Assert.True(row.GetProperty("detail").GetProperty("recordedOnRetry").GetBoolean());
    }

    [Fact]
    public async Task CourtEvent_AppliedAndAnswered_ThenSentAgain_KeepsExactlyOneAuditRow()
    {
        var court = await _system.RegisterCourtAsync("at-lost");
        var body = Events(Listed("at-lost-1", TestIds.ResidentId()));

        Assert.Equal("applied", (await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, body)).GetProperty("results")[0].GetProperty("status").GetString());
        // As if that answer had been lost on the way back: the court sends the same event again.
        Assert.Equal("duplicate", (await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, body)).GetProperty("results")[0].GetProperty("status").GetString());

        var row = Assert.Single(await EventRowsAsync("at-lost", "at-lost-1"));
        Assert.False(row.GetProperty("detail").TryGetProperty("recordedOnRetry", out _));
    }

    private static object Events(params object[] events) => new { events };

    private static object Listed(string eventId, string idNumber) => new
    {
        eventId, type = "listed", caseNumber = $"(2026)京01执{eventId}号", subject = new { idType = "resident_id", idNumber, name = "审计" }, listedOn = "2026-11-20", @public = true,
    };

    private async Task<List<JsonElement>> EventRowsAsync(string court, string eventId) =>
        (await AuditAsync())
            .Where(e => e.GetProperty("action").GetString() == "court_event_applied" && e.GetProperty("actorCode").GetString() == court
                        && e.GetProperty("detail").GetProperty("eventId").GetString() == eventId)
            .ToList();

    private async Task<List<JsonElement>> AuditAsync() =>
        [.. (await _system.JsonAsync(HttpMethod.Get, "/v1/audit?limit=1000", RunningSystem.OperatorKey)).GetProperty("items").EnumerateArray()];
}
