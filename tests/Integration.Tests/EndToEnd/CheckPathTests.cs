using System.Diagnostics;
using System.Net;
using System.Text.Json;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>Batch checks, feedback, check records and the negative path through HTTP on real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CheckPathTests(PostgresServer postgres) : IAsyncLifetime
{
    private RunningSystem _system = null!;
    private string _court = "";
    private string _hotel = "";
    private string _air = "";

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(postgres);
        _court = await _system.RegisterCourtAsync("c2");
        _hotel = await _system.RegisterAgencyAsync("hotel", "consumption.hotel");
        _air = await _system.RegisterAgencyAsync("air", "consumption.air");
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task OrleansClientChecks_ThroughCheckGrains_ReachEverySilo()
    {
        // The gateway's Orleans client, as an agency's own .NET gateway would use it. One grain key would send every
        // call through one silo; CheckGrains spreads them over its keys, and Orleans spreads keys over the gateways.
        var checks = _system.GatewayServices.GetRequiredService<CheckGrains>();
        Assert.Equal(0, await _system.CountSilosHoldingAsync<CheckGrain>());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4 * checks.Keys).Select(_ =>
            checks.CheckAsync(new CheckRequest("hotel", "consumption.hotel", new SubjectInput(IdType.ResidentId, TestIds.ResidentId())))));

        Assert.All(outcomes, o => Assert.Equal(Decision.Allow, o.Result?.Decision));
        Assert.Equal(2, await _system.CountSilosHoldingAsync<CheckGrain>());
    }

    [Fact]
    public async Task OrleansClientRailCheck_CarriesTheTrainType_AndAnUndefinedOneIsInvalid()
    {
        // An agency's own .NET gateway sends RailAction.TrainType; the subject grain's decision must see it.
        await _system.RegisterAgencyAsync("rail", "consumption.rail");
        var listed = TestIds.ResidentId();
        await ListAsync(listed, "(2026)京02执5号");
        var checks = _system.GatewayServices.GetRequiredService<CheckGrains>();
        Task<CheckOutcome> Check(string idNumber, TrainType? type) => checks.CheckAsync(
            new CheckRequest("rail", "consumption.rail", new SubjectInput(IdType.ResidentId, idNumber)) { Action = new RailAction("S101", "first") { TrainType = type } });

        Assert.Equal(Decision.Block, (await Check(listed, TrainType.Emu)).Result?.Decision);
        Assert.Equal(Decision.Allow, (await Check(listed, null)).Result?.Decision);
        Assert.Equal(Decision.Allow, (await Check(listed, TrainType.Conventional)).Result?.Decision);

        foreach (var subject in new[] { listed, TestIds.ResidentId() })
        {
            var invalid = await Check(subject, (TrainType)9);
            Assert.Equal((CheckError.Invalid, "action.trainType"), (invalid.Error, invalid.Field));
            Assert.Null(invalid.Result);
        }
    }

    [Fact]
    public async Task Batch_AnswersInInputOrder_WithItsOwnErrorForAnInvalidSubject()
    {
        var listed = TestIds.ResidentId();
        await ListAsync(listed, "(2026)京02执1号");
        var subjects = new object[]
        {
            new { idType = "resident_id", idNumber = TestIds.ResidentId() },
            new { idType = "resident_id", idNumber = listed },
            new { idType = "resident_id", idNumber = "110101199003071230" },
            new { idType = "passport", idNumber = "E12345678" },
        };

        var response = await _system.JsonAsync(HttpMethod.Post, "/v1/checks/batch", _hotel, new { measure = "consumption.hotel", subjects });
        var results = response.GetProperty("results").EnumerateArray().ToArray();

        Assert.Equal(4, results.Length);
        Assert.Equal("allow", results[0].GetProperty("decision").GetString());
        Assert.Equal("block", results[1].GetProperty("decision").GetString());
        Assert.Equal("(2026)京02执1号", results[1].GetProperty("measures")[0].GetProperty("basis")[0].GetProperty("caseNumber").GetString());
        Assert.Contains("idNumber", results[2].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(results[2].TryGetProperty("decision", out _));
        Assert.Equal("allow", results[3].GetProperty("decision").GetString());
        // The wire shape: an answer has exactly these fields, an allow an empty list of measures, an error only its message.
        Assert.Equal(["checkId", "decision", "measures"], results[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["checkId", "decision", "measures"], results[1].EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, results[0].GetProperty("measures").GetArrayLength());
        Assert.Equal(["code", "effect", "basis"], results[1].GetProperty("measures")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["error"], results[2].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Batch_OverTenThousand_IsRefusedWhole()
    {
        var subjects = Enumerable.Range(0, 10_001).Select(_ => new { idType = "passport", idNumber = "E12345678" }).ToArray();
        var problem = await _system.JsonAsync(HttpMethod.Post, "/v1/checks/batch", _hotel, new { measure = "consumption.hotel", subjects }, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("subjects", out _));
    }

    [Fact]
    public async Task Feedback_OnOwnCheck_IsStored_AndRefusedForOthersOrUnknownIds()
    {
        var listed = TestIds.ResidentId();
        await ListAsync(listed, "(2026)京02执2号");
        var check = await _system.JsonAsync(HttpMethod.Post, "/v1/checks", _hotel, new { measure = "consumption.hotel", subject = new { idType = "resident_id", idNumber = listed } });
        var checkId = check.GetProperty("checkId").GetString()!;

        using (var accepted = await _system.SendAsync(HttpMethod.Post, "/v1/feedback", _hotel, new { checkId, outcome = "served" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        await _system.JsonAsync(HttpMethod.Post, "/v1/feedback", _air, new { checkId, outcome = "refused" }, 404);
        await _system.JsonAsync(HttpMethod.Post, "/v1/feedback", _hotel, new { checkId = Guid.CreateVersion7().ToString(), outcome = "refused" }, 404);
        await _system.JsonAsync(HttpMethod.Post, "/v1/feedback", _hotel, new { checkId, outcome = "ignored" }, 400);

        await using var connection = new NpgsqlConnection(_system.ConnectionString);
        await connection.OpenAsync();
        await _system.FlushCheckRecordsAsync();
        await using var command = new NpgsqlCommand("""
            SELECT c.agency, c.measure, c.decision, c.subject_key, f.outcome
              FROM jp_check_hit c JOIN jp_feedback f USING (check_id) WHERE check_id = $1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(checkId) });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("hotel", "consumption.hotel", (short)4, (short)2), (reader.GetString(0), reader.GetString(1), reader.GetInt16(2), reader.GetInt16(4)));
        Assert.StartsWith("subj:", reader.GetString(3), StringComparison.Ordinal);
        Assert.DoesNotContain(listed, reader.GetString(3), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checks_AreCountedPerDecision_AndHitsKeptOneRowEach()
    {
        var listed = TestIds.ResidentId();
        await ListAsync(listed, "(2026)京02执3号");
        var counter = await _system.RegisterAgencyAsync("counter", "consumption.hotel");
        for (var i = 0; i < 5; i++)
        {
            await _system.JsonAsync(HttpMethod.Post, "/v1/checks", counter, new { measure = "consumption.hotel", subject = new { idType = "resident_id", idNumber = TestIds.ResidentId() } });
        }

        await _system.JsonAsync(HttpMethod.Post, "/v1/checks", counter, new { measure = "consumption.hotel", subject = new { idType = "resident_id", idNumber = listed } });

        // A batch's allows are counted together, its hits one row each; an invalid subject is not a check.
        var batch = new[] { TestIds.ResidentId(), listed, TestIds.ResidentId(), "110105194912310020", TestIds.ResidentId() };
        var answered = await _system.JsonAsync(HttpMethod.Post, "/v1/checks/batch", counter,
            new { measure = "consumption.hotel", subjects = batch.Select(idNumber => new { idType = "resident_id", idNumber }) });
        Assert.Equal(["allow", "block", "allow", null, "allow"],
            answered.GetProperty("results").EnumerateArray().Select(r => r.TryGetProperty("decision", out var d) ? d.GetString() : null));
        await _system.FlushCheckRecordsAsync();

        await using var connection = new NpgsqlConnection(_system.ConnectionString);
        await connection.OpenAsync();
        await using var counts = new NpgsqlCommand(
            "SELECT decision, sum(checks)::int FROM jp_check_count WHERE agency = 'counter' GROUP BY decision ORDER BY decision", connection);
        var byDecision = new List<(short, int)>();
        await using (var reader = await counts.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                byDecision.Add((reader.GetInt16(0), reader.GetInt32(1)));
            }
        }

        Assert.Equal([((short)0, 5 + 3), ((short)4, 1 + 1)], byDecision);
        await using var hits = new NpgsqlCommand("SELECT count(*)::int FROM jp_check_hit WHERE agency = 'counter'", connection);
        Assert.Equal(1 + 1, (int)(await hits.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task UnlistedSubjects_AreAnsweredWithoutSubjectGrainsOrPostgresQueries()
    {
        // Warm the path (index shards, agency) so that only steady-state work is counted.
        await _system.JsonAsync(HttpMethod.Post, "/v1/checks", _air, new { measure = "consumption.air", subject = new { idType = "passport", idNumber = "WARM0001" } });
        var subjectGrainsBefore = await _system.CountActivationsAsync<SubjectGrain>();
        // Background work that runs whatever is checked: check records, cluster membership, reminders, and the index
        // lease horizon the silos renew on a timer.
        using var queries = new NpgsqlCommandCounter(ignore: ["jp_check_count", "jp_check_hit", "orleansmembership", "orleansreminders", "jp_index_lease_horizon"]);

        for (var i = 0; i < 200; i++)
        {
            var check = await _system.JsonAsync(HttpMethod.Post, "/v1/checks", _air,
                new { measure = "consumption.air", subject = new { idType = "resident_id", idNumber = TestIds.ResidentId() } });
            Assert.Equal("allow", check.GetProperty("decision").GetString());
        }

        var batch = Enumerable.Range(0, 500).Select(_ => new { idType = "resident_id", idNumber = TestIds.ResidentId() }).ToArray();
        await _system.JsonAsync(HttpMethod.Post, "/v1/checks/batch", _air, new { measure = "consumption.air", subjects = batch });

        Assert.Equal(subjectGrainsBefore, await _system.CountActivationsAsync<SubjectGrain>());
        Assert.Empty(queries.Commands);
    }

    [Fact]
    public async Task AfterEverySiloRestarts_TheGatewaysIndexCopyIsCurrentAgainWithinSeconds()
    {
        // While its copy of a shard lapses, the gateway sends the checks for that shard into the cluster: correct, but
        // not the path it is sized for. A follow call in flight to a silo that stopped must not hold the copy lapsed
        // until Orleans' response timeout (30 s).
        var replica = _system.GatewayServices.GetRequiredService<LocalIndexReplica>();
        await _system.WaitForGatewayIndexAsync();
        for (var round = 1; round <= 3; round++)
        {
            await _system.RestartSilosAsync();
            var restarted = Stopwatch.StartNew();
            while (replica.LapsedShards() > 0)
            {
                Assert.True(restarted.Elapsed < TimeSpan.FromSeconds(12), $"restart {round}: {replica.LapsedShards()} of the gateway's shard copies still lapsed after {restarted.Elapsed.TotalSeconds:F0} s");
                await Task.Delay(50);
            }
        }
    }

    [Fact]
    public async Task UnlistedSubjects_AreAnsweredByTheGatewayItself_AndNamedOnesByTheirSubjectGrain()
    {
        var listed = TestIds.ResidentId();
        await ListAsync(listed, "(2026)京02执4号");
        await _system.WaitForGatewayIndexAsync();
        // Nothing has checked in this fresh system yet: the gateway runs the check pipeline itself, so no check of its
        // reaches a CheckGrain (the Orleans clients' way in), and an unlisted subject reaches no grain at all.
        Assert.Equal(0, await _system.CountActivationsAsync<CheckGrain>());
        var subjectGrainsBefore = await _system.CountActivationsAsync<SubjectGrain>();

        var single = await _system.JsonAsync(HttpMethod.Post, "/v1/checks", _hotel,
            new { measure = "consumption.hotel", subject = new { idType = "resident_id", idNumber = TestIds.ResidentId() } });
        var batch = await _system.JsonAsync(HttpMethod.Post, "/v1/checks/batch", _hotel, new
        {
            measure = "consumption.hotel",
            subjects = Enumerable.Range(0, 50).Select(_ => new { idType = "resident_id", idNumber = TestIds.ResidentId() }),
        });
        var answers = batch.GetProperty("results").EnumerateArray().ToArray();

        Assert.Equal("allow", single.GetProperty("decision").GetString());
        Assert.All(answers, a => Assert.Equal("allow", a.GetProperty("decision").GetString()));
        Assert.Equal(0, await _system.CountActivationsAsync<CheckGrain>());
        Assert.Equal(subjectGrainsBefore, await _system.CountActivationsAsync<SubjectGrain>());
        // The ids the gateway issued are as good as the cluster's: feedback accepts them for their agency only.
        foreach (var checkId in new[] { single.GetProperty("checkId").GetString(), answers[17].GetProperty("checkId").GetString() })
        {
            using var accepted = await _system.SendAsync(HttpMethod.Post, "/v1/feedback", _hotel, new { checkId, outcome = "served" });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            await _system.JsonAsync(HttpMethod.Post, "/v1/feedback", _air, new { checkId, outcome = "served" }, 404);
        }

        var blocked = await _system.JsonAsync(HttpMethod.Post, "/v1/checks", _hotel,
            new { measure = "consumption.hotel", subject = new { idType = "resident_id", idNumber = listed } });
        Assert.Equal("block", blocked.GetProperty("decision").GetString());
        Assert.Equal(0, await _system.CountActivationsAsync<CheckGrain>());

        await _system.FlushCheckRecordsAsync();
        await using var connection = new NpgsqlConnection(_system.ConnectionString);
        await connection.OpenAsync();
        await using var counts = new NpgsqlCommand(
            "SELECT decision, sum(checks)::int FROM jp_check_count WHERE agency = 'hotel' GROUP BY decision ORDER BY decision", connection);
        await using var reader = await counts.ExecuteReaderAsync();
        var byDecision = new List<(short, int)>();
        while (await reader.ReadAsync())
        {
            byDecision.Add((reader.GetInt16(0), reader.GetInt32(1)));
        }

        Assert.Equal([((short)0, 1 + 50), ((short)4, 1)], byDecision);
    }

    private async Task ListAsync(string idNumber, string caseNumber)
    {
        var response = await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _court, new
        {
            events = new[]
            {
                new { eventId = $"list-{caseNumber}", type = "listed", caseNumber, subject = new { idType = "resident_id", idNumber, name = "测试" }, listedOn = "2026-11-20", @public = true },
            },
        });
        Assert.Equal("applied", response.GetProperty("results")[0].GetProperty("status").GetString());
    }

    /// <summary>Counts the SQL commands Npgsql runs in this process (silos are in-process), except those naming a table in <c>ignore</c>.</summary>
    private sealed class NpgsqlCommandCounter : IDisposable
    {
        private readonly ActivityListener _listener;

        public NpgsqlCommandCounter(string[] ignore)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    var statement = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName;
                    if (!ignore.Any(table => statement.Contains(table, StringComparison.OrdinalIgnoreCase)))
                    {
                        Commands.Add(statement);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public System.Collections.Concurrent.ConcurrentBag<string> Commands { get; } = [];

        public void Dispose() => _listener.Dispose();
    }
}
