using System.Net;
using System.Text.Json;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Keys;
using JointPunishment.Integration.Tests.EndToEnd;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Grains.Subjects;
using JointPunishment.Silo;
using JointPunishment.Silo.Rekeying;
using JointPunishment.Storage.Encryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace JointPunishment.Integration.Tests.Operations;

/// <summary><c>JP_SUBJECT_KEY</c> rotated with <c>Silo.dll rekey-subjects</c> on a stopped system (docs/operations.md, "Rotating keys").</summary>
[Collection(PostgresCollection.Name)]
public sealed class SubjectKeyRotationTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string NewSubjectKey = "integration-test-NEW-subject-key-9876543210";
    private static readonly Dictionary<string, string?> WithNewKey = new() { ["JP_SUBJECT_KEY"] = NewSubjectKey };

    /// <summary>2026-12-02 12:00 in China Standard Time: the day the correction request below is made.</summary>
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero));
    private readonly OfficerDeliveryFaultFilter _fault = new();
    private readonly SubjectKeys _oldKeys = Keys(ClusterHarness.SubjectKey);
    private readonly SubjectKeys _newKeys = Keys(NewSubjectKey);
    private RunningSystem _system = null!;

    public async Task InitializeAsync() =>
        // A unit's update left in its outbox needs its grain's delivery: with Court:BulkWrites a new unit and its officers
        // are written in one transaction, so it is off here.
        _system = await RunningSystem.StartAsync(
            postgres, gatewayTime: _time, siloServices: services => services.AddSingleton<IIncomingGrainCallFilter>(_fault),
            siloSettings: new Dictionary<string, string?> { ["Court:BulkWrites"] = "false" });

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        _oldKeys.Dispose();
        _newKeys.Dispose();
    }

    [Fact]
    public async Task Rotation_MovesEverySubjectToItsNewKey_OnlyWithTheSystemStopped_AndASecondRunChangesNothing()
    {
        var court = await _system.RegisterCourtAsync("c1");
        var air = await _system.RegisterAgencyAsync("air", "consumption.air");
        var hotel = await _system.RegisterAgencyAsync("hotel", "consumption.hotel");
        var person = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "轮换甲" };
        var officers = new[]
        {
            new { role = "legal_representative", idType = "resident_id", idNumber = TestIds.ResidentId(), name = "轮换乙" },
            new { role = "actual_controller", idType = "resident_id", idNumber = TestIds.ResidentId(), name = "轮换丙" },
        };
        var unit = new { idType = "uscc", idNumber = TestIds.Uscc(), name = "轮换有限公司" };
        var lateOfficer = new { role = "legal_representative", idType = "resident_id", idNumber = TestIds.ResidentId(), name = "轮换丁" };
        var lateUnit = new { eventId = "u2", type = "listed", caseNumber = "(2026)京01执503号", listedOn = "2026-12-01", @public = true, subject = new { idType = "uscc", idNumber = TestIds.Uscc(), name = "迟到有限公司" }, officers = new[] { lateOfficer } };

        await EventsAsync(court,
            new { eventId = "p1", type = "listed", caseNumber = "(2026)京01执501号", listedOn = "2026-12-01", @public = true, subject = person },
            new { eventId = "u1", type = "listed", caseNumber = "(2026)京01执502号", listedOn = "2026-12-01", @public = true, subject = unit, officers });
        // The unit asks for a correction: a step the court must rule on by 2026-12-05 (jp_due_step).
        await EventsAsync(court, new { eventId = "u1c", type = "correction_requested", caseNumber = "(2026)京01执502号", subject = unit, on = "2026-12-02" });
        // A second unit whose officer could not be reached: its update waits in the unit's outbox, with a reminder.
        _fault.Failing = true;
        using (var cutShort = await _system.SendAsync(HttpMethod.Post, "/v1/court/events", court, new { events = new[] { lateUnit } }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, cutShort.StatusCode);
        }

        // An assistance request about someone no court listed: no subject state holds that identity, only the request.
        var stranger = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "协查戊" };
        await _system.JsonAsync(HttpMethod.Post, "/v1/assistance", court, new { caseNumber = "(2026)京01执501号", agency = "air", kind = "query", subject = stranger }, 201);
        var complaint = (await _system.JsonAsync(HttpMethod.Post, "/v1/public/complaints", null, new { agencyCode = "hotel", subject = person, description = "入住五星级酒店" }, 201)).GetProperty("id").GetString()!;
        Assert.Equal("block", await DecisionAsync(air, person.idNumber));
        await _system.FlushCheckRecordsAsync();
        Assert.Single(await PublicQueryAsync(person.idNumber, person.name));

        var lateUnitKey = (Old: _oldKeys.For(IdType.Uscc, lateUnit.subject.idNumber), New: _newKeys.For(IdType.Uscc, lateUnit.subject.idNumber));
        Assert.Equal(1, await ScalarAsync($"SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%/{lateUnitKey.Old}'"));
        var oldKeys = new[] { person.idNumber, officers[0].idNumber, officers[1].idNumber, lateOfficer.idNumber }.Select(n => _oldKeys.For(IdType.ResidentId, n))
            .Concat([_oldKeys.For(IdType.Uscc, unit.idNumber), lateUnitKey.Old]).ToArray();
        Assert.Equal(5, await CountStatesAsync(oldKeys));   // the late officer has no state yet

        await _system.StopAsync();

        // Without the tool, the new key finds nobody: the person is unrestricted, unknown to the court and the public list.
        await _system.StartAgainAsync(WithNewKey);
        Assert.Equal("allow", await DecisionAsync(air, person.idNumber));
        await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{person.idNumber}", court, expectedStatus: 404);
        Assert.Empty(await PublicQueryAsync(person.idNumber, person.name));

        // While a silo runs the tool refuses and changes nothing.
        var before = await StatesDigestAsync();
        var (refusedExit, refused) = await RekeyAsync();
        Assert.Equal(1, refusedExit);
        Assert.Contains("refused", refused, StringComparison.Ordinal);
        Assert.Equal(before, await StatesDigestAsync());
        Assert.Equal(5, await CountStatesAsync(oldKeys));

        await _system.StopAsync();
        var (checkExit, check) = await RekeyAsync("--check");
        Assert.Equal(1, checkExit);
        Assert.Contains("5 under the old key", check, StringComparison.Ordinal);

        var (exit, output) = await RekeyAsync();
        Assert.True(exit == 0, output);
        Assert.Contains("committed in one transaction", output, StringComparison.Ordinal);
        Assert.Contains("pending officer updates remapped: 1", output, StringComparison.Ordinal);
        Assert.Contains("orleansreminderstable 1", output, StringComparison.Ordinal);
        foreach (var secretOrNumber in new[] { NewSubjectKey, ClusterHarness.SubjectKey, ClusterHarness.StorageKey, person.idNumber, officers[0].idNumber, unit.idNumber, stranger.idNumber })
        {
            Assert.DoesNotContain(secretOrNumber, output, StringComparison.Ordinal);
        }

        Assert.Equal(0, await CountStatesAsync(oldKeys));
        Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = ANY($1)", oldKeys));
        Assert.Equal(1, await ScalarAsync($"SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%/{lateUnitKey.New}'"));
        Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%/{lateUnitKey.Old}'"));
        var personKey = _newKeys.For(IdType.ResidentId, person.idNumber);
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM jp_check_hit WHERE subject_key = $1", personKey));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM jp_assistance WHERE subject_key = $1", _oldKeys.For(IdType.ResidentId, stranger.idNumber)));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM jp_assistance WHERE subject_key = $1", _newKeys.For(IdType.ResidentId, stranger.idNumber)));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM jp_audit WHERE action = 'subject_keys_rotated'"));

        // A second run finds nothing under the old key and changes nothing.
        var digest = await StatesDigestAsync();
        var (againExit, again) = await RekeyAsync();
        Assert.Equal(0, againExit);
        Assert.Contains("nothing was under the old key; nothing changed", again, StringComparison.Ordinal);
        Assert.Contains("subject states: 0 under the old key", again, StringComparison.Ordinal);
        Assert.Contains("5 already under the new key", again, StringComparison.Ordinal);
        Assert.Equal(digest, await StatesDigestAsync());
        Assert.Equal(0, (await RekeyAsync("--check")).Exit);

        await _system.StartAgainAsync(WithNewKey);
        _fault.Failing = false;
        foreach (var idNumber in new[] { person.idNumber, officers[0].idNumber, officers[1].idNumber })
        {
            Assert.Equal("block", await DecisionAsync(air, idNumber));
        }

        var view = await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{person.idNumber}", court);
        Assert.Equal("(2026)京01执501号", Assert.Single(view.GetProperty("listings").EnumerateArray()).GetProperty("caseNumber").GetString());
        Assert.Single(await PublicQueryAsync(person.idNumber, person.name));
        var resolved = await _system.JsonAsync(HttpMethod.Post, $"/v1/complaints/{complaint}/resolution", hotel, new { finding = "justified", response = "已核实" });
        Assert.True(resolved.GetProperty("punishmentApplied").GetBoolean());

        _time.SetUtcNow(new DateTimeOffset(2026, 12, 6, 4, 0, 0, TimeSpan.Zero));
        var overdue = Assert.Single((await _system.JsonAsync(HttpMethod.Get, "/v1/court/overdue", court)).GetProperty("items").EnumerateArray());
        Assert.Equal("(2026)京01执502号", overdue.GetProperty("caseNumber").GetString());
        Assert.Equal("correction_review", overdue.GetProperty("step").GetString());

        // The pending update reaches the late officer under its new key once the court resends.
        var resent = await EventsAsync(court, lateUnit);
        Assert.Equal("duplicate", resent[0].GetProperty("status").GetString());
        Assert.Equal("block", await DecisionAsync(air, lateOfficer.idNumber));
    }

    [Fact]
    public async Task SubjectStateWithoutIdentity_FailsTheRunNamingItsKey_UnlessDropped()
    {
        var court = await _system.RegisterCourtAsync("c1");
        var person = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "无名氏" };
        var other = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "有名氏" };
        await EventsAsync(court,
            new { eventId = "n1", type = "listed", caseNumber = "(2026)京01执601号", listedOn = "2026-12-01", @public = true, subject = person },
            new { eventId = "n2", type = "listed", caseNumber = "(2026)京01执602号", listedOn = "2026-12-01", @public = true, subject = other });
        await _system.StopAsync();
        var key = _oldKeys.For(IdType.ResidentId, person.idNumber);
        await ForgetIdentityAsync(key);

        var digest = await StatesDigestAsync();
        var (exit, output) = await RekeyAsync();
        Assert.Equal(1, exit);
        Assert.Contains($"failed: {key}: the state holds no identity", output, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", output, StringComparison.Ordinal);
        Assert.Equal(digest, await StatesDigestAsync());

        var (dropExit, dropped) = await RekeyAsync("--drop-unmapped");
        Assert.True(dropExit == 0, dropped);
        Assert.Contains("1 under the old key (moved to the new key), 0 already under the new key, 1 without an identity (deleted)", dropped, StringComparison.Ordinal);
        Assert.Equal(0, await CountStatesAsync([key, _oldKeys.For(IdType.ResidentId, other.idNumber)]));
        Assert.Equal(1, await CountStatesAsync([_newKeys.For(IdType.ResidentId, other.idNumber)]));
    }

    [Fact]
    public async Task WatchlistMembers_MoveToTheirSubjectsNewKeys_SoAPersonFirstListedAfterTheRotationIsAlerted()
    {
        var court = await _system.RegisterCourtAsync("c1");
        var air = await _system.RegisterAgencyAsync("air", "consumption.air");
        var stranger = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "观察甲" };   // no court has listed
        var debtor = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "观察乙" };
        await EventsAsync(court, new { eventId = "w1", type = "listed", caseNumber = "(2026)京01执701号", listedOn = "2026-12-01", @public = true, subject = debtor });
        await WatchAsync(air, ("emp-1", stranger.idNumber), ("emp-2", debtor.idNumber));
        Assert.Equal([("emp-2", "restricted")], await AlertsAsync(air));

        await _system.StopAsync();
        var (exit, output) = await RekeyAsync();
        Assert.True(exit == 0, output);
        Assert.DoesNotContain(stranger.idNumber, output, StringComparison.Ordinal);

        await _system.StartAgainAsync(WithNewKey);
        await EventsAsync(court, new { eventId = "w2", type = "listed", caseNumber = "(2026)京01执702号", listedOn = "2026-12-01", @public = true, subject = stranger });
        // The member listed before the rotation has its subject's new key too: the shielding alerts it lifted.
        await EventsAsync(court, new { eventId = "w3", type = "shielded", caseNumber = "(2026)京01执701号", subject = debtor });
        Assert.Equal([("emp-2", "restricted"), ("emp-1", "restricted"), ("emp-2", "lifted")], await AlertsAsync(air));
        Assert.Equal(
            [_newKeys.For(IdType.ResidentId, stranger.idNumber), _newKeys.For(IdType.ResidentId, debtor.idNumber)],
            await WatchedKeysAsync());
    }

    [Fact]
    public async Task WatchlistMemberStoredWithoutItsIdentity_FailsTheRunNamingItsAgency_UnlessDropped_WhileOneOfAListedPersonMoves()
    {
        var court = await _system.RegisterCourtAsync("c1");
        var air = await _system.RegisterAgencyAsync("air", "consumption.air");
        var stranger = TestIds.ResidentId();
        var debtor = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "观察丙" };
        await EventsAsync(court, new { eventId = "w1", type = "listed", caseNumber = "(2026)京01执703号", listedOn = "2026-12-01", @public = true, subject = debtor });
        await WatchAsync(air, ("emp-1", stranger), ("emp-2", debtor.idNumber));
        await _system.StopAsync();
        // As a member stored before migration 0033: the keyed hash only.
        await _system.ExecuteSqlAsync("UPDATE jp_watch_member SET subject = NULL");

        var digest = await StatesDigestAsync();
        var (exit, output) = await RekeyAsync();
        Assert.Equal(1, exit);
        Assert.Contains("failed: 1 watchlist member(s) of air were stored before migration 0033 without their identity", output, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", output, StringComparison.Ordinal);
        Assert.Equal(digest, await StatesDigestAsync());
        Assert.Equal([_oldKeys.For(IdType.ResidentId, stranger), _oldKeys.For(IdType.ResidentId, debtor.idNumber)], await WatchedKeysAsync());

        var (dropExit, dropped) = await RekeyAsync("--drop-unmapped");
        Assert.True(dropExit == 0, dropped);
        Assert.Contains("watchlist members without an identity: 1 (deleted)", dropped, StringComparison.Ordinal);
        Assert.Equal([_newKeys.For(IdType.ResidentId, debtor.idNumber)], await WatchedKeysAsync());
        Assert.Equal(0, (await RekeyAsync("--check")).Exit);
    }

    /// <summary>Adds resident-id members to the agency's watchlist <c>staff</c> on consumption.air.</summary>
    private async Task WatchAsync(string agency, params (string Ref, string IdNumber)[] members)
    {
        var change = await _system.JsonAsync(HttpMethod.Post, "/v1/watchlists/staff/members", agency, new
        {
            measure = "consumption.air", add = members.Select(m => new { @ref = m.Ref, idType = "resident_id", idNumber = m.IdNumber }).ToArray(),
        });
        Assert.Equal(members.Length, change.GetProperty("added").GetInt32());
    }

    private async Task<(string Ref, string Kind)[]> AlertsAsync(string agency) =>
        [.. (await _system.JsonAsync(HttpMethod.Get, "/v1/alerts?limit=1000", agency)).GetProperty("items").EnumerateArray()
            .Select(a => (a.GetProperty("ref").GetString()!, a.GetProperty("kind").GetString()!))];

    /// <summary>The watchlist members' subject keys, in ref order.</summary>
    private async Task<List<string>> WatchedKeysAsync()
    {
        await using var connection = new NpgsqlConnection(_system.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT subject_key FROM jp_watch_member ORDER BY ref", connection);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    /// <summary>Rewrites a subject's stored state without its identity, sealed for its row as the silo would: a state no key can be derived from.</summary>
    private async Task ForgetIdentityAsync(string key)
    {
        await using var services = new ServiceCollection().AddGrainStateSerializer().BuildServiceProvider();
        var serializer = services.GrainStateSerializer();
        var cipher = new GrainStateCipher(new StorageKeyRing(ClusterHarness.StorageKey));
        await using var connection = new NpgsqlConnection(_system.ConnectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT graintypestring, payloadbinary FROM orleansstorage WHERE grainidextensionstring = $1", connection);
        select.Parameters.Add(new NpgsqlParameter { Value = key });
        string stateName;
        byte[] payload;
        await using (var reader = await select.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            (stateName, payload) = (reader.GetString(0), (byte[])reader[1]);
        }

        var row = new GrainStateRow(stateName, 0, 0, key);
        var state = serializer.Deserialize<SubjectState>(new BinaryData(cipher.Decrypt(payload, row)))!;
        state.Subject = null;
        await using var update = new NpgsqlCommand("UPDATE orleansstorage SET payloadbinary = $2 WHERE grainidextensionstring = $1", connection);
        update.Parameters.Add(new NpgsqlParameter { Value = key });
        update.Parameters.Add(new NpgsqlParameter { Value = cipher.Encrypt(serializer.Serialize(state).ToMemory().Span, row) });
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }

    private async Task<(int Exit, string Output)> RekeyAsync(params string[] args)
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["JP_POSTGRES"] = _system.AppConnectionString,
            ["JP_POSTGRES_ADMIN"] = _system.ConnectionString,
            ["JP_STORAGE_KEY"] = ClusterHarness.StorageKey,
            [RekeySubjectsCommand.OldKeySetting] = ClusterHarness.SubjectKey,
            [RekeySubjectsCommand.NewKeySetting] = NewSubjectKey,
        }).Build();
        using var output = new StringWriter();
        var exit = await RekeySubjectsCommand.RunAsync(args, settings, output);
        return (exit, output.ToString());
    }

    private async Task<string> DecisionAsync(string agency, string idNumber) =>
        (await _system.JsonAsync(HttpMethod.Post, "/v1/checks", agency, new { measure = "consumption.air", subject = new { idType = "resident_id", idNumber } }))
            .GetProperty("decision").GetString()!;

    private async Task<JsonElement[]> EventsAsync(string court, params object[] events) =>
        [.. (await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new { events })).GetProperty("results").EnumerateArray()];

    private async Task<JsonElement[]> PublicQueryAsync(string idNumber, string name) =>
        [.. (await _system.JsonAsync(HttpMethod.Get, $"/v1/public/debtors?idNumber={idNumber}&name={Uri.EscapeDataString(name)}", null)).GetProperty("items").EnumerateArray()];

    private Task<long> CountStatesAsync(string[] keys) => ScalarAsync("SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = ANY($1)", keys);

    /// <summary>Every subject state row as stored (keys, versions, payloads): equal digests mean nothing was written.</summary>
    private async Task<string> StatesDigestAsync()
    {
        await using var connection = new NpgsqlConnection(_system.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM orleansstorage t WHERE starts_with(grainidextensionstring, 'subj:')", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> ScalarAsync(string sql, object? parameter = null)
    {
        await using var connection = new NpgsqlConnection(_system.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static SubjectKeys Keys(string secret) => new(Options.Create(new SubjectKeyOptions { Secret = secret }));
}
