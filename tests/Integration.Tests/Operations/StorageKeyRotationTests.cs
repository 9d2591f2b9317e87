using JointPunishment.Gateway.AgencyWebhooks;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Diagnostics;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Storage.Assistance;
using JointPunishment.Storage.Encryption;
using JointPunishment.Storage.Federation;
using JointPunishment.Storage.Watchlists;
using JointPunishment.Unit.Tests.Encryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace JointPunishment.Integration.Tests.Operations;

/// <summary>Grain state encrypted for its row on real PostgreSQL, and <c>JP_STORAGE_KEY</c> rotated with the reencrypt command.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StorageKeyRotationTests(PostgresServer postgres)
{
    private const string KeyA = "rotation-test-storage-key-A-0123456789";
    private const string KeyB = "rotation-test-storage-key-B-0123456789";

    [Fact]
    public async Task Rotation_OldKeyReads_ReencryptMovesEverything_ThenTheOldKeyCanGo()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        string[] names = ["one", "two", "three"];
        using (var silo = await StartSiloAsync(connectionString, KeyA))
        {
            foreach (var name in names)
            {
                await Probe(silo, name).WriteAsync($"value of {name}");
            }

            await silo.StopAsync();
        }

        await InsertRepublisherAsync(database, "feed-a", new SecretProtector(new StorageKeyRing(KeyA), SecretProtector.WebhookPurpose).Protect("whsec-a", "feed-a"));
        await using (var batch = database.CreateBatch())
        {
            batch.BatchCommands.Add(FederationLogUnder(database, KeyA).AppendCommand("court-a", [new FederationEntry("subj:a", "e-1", """{"eventId":"e-1"}""")]));
            await batch.ExecuteNonQueryAsync();
        }
        await new AgencyWebhookStore(database, new SecretProtector(new StorageKeyRing(KeyA), SecretProtector.AgencyWebhookPurpose))
            .SetAsync("air", "https://example.org/agency-hook", "whsec-agency", ["assistance"], DateTimeOffset.UtcNow, CancellationToken.None);
        var subject = new SubjectRef(IdType.ResidentId, TestIds.ResidentId(), "张三");
        await new AssistanceStore(database, new SecretProtector(new StorageKeyRing(KeyA), SecretProtector.AssistanceSubjectPurpose)).AddAsync(
            new AssistanceRequest("req-a", 0, 0, "c1", "air", "(2026)京01执1号", AssistanceKind.Query, subject, null, DateTimeOffset.UtcNow, new DateOnly(2026, 12, 1), null),
            "subj:a", CancellationToken.None);
        var watched = TestIds.ResidentId();
        await new WatchlistStore(database, new SecretProtector(new StorageKeyRing(KeyA), WatchlistStore.MemberPurpose), Microsoft.Extensions.Logging.Abstractions.NullLogger<WatchlistStore>.Instance).UpdateAsync(
            "air", "staff", "consumption.air", [new WatchMember("emp-1", "subj:w", IdType.ResidentId, watched)], [], CancellationToken.None);

        // B is current, A only decrypts: everything written under A still loads.
        using (var silo = await StartSiloAsync(connectionString, KeyB, old: KeyA))
        {
            Assert.Equal("value of one", await Probe(silo, "one").ReadAsync());
            await silo.StopAsync();
        }

        var rotated = new StorageKeyRing(KeyB, [KeyA]);
        var report = await new StorageReencryptor(database, rotated, NullLogger.Instance).RunAsync(encryptUnmarked: false, checkOnly: false);
        Assert.Empty(report.Failures);
        Assert.True(report.GrainRowsRewritten >= names.Length, $"rewritten {report.GrainRowsRewritten}");
        Assert.Equal(5, report.SecretsRewritten);
        Assert.Equal(0, report.NotCurrent(rotated.Current.IdText));
        Assert.Equal([rotated.Current.IdText], report.GrainRowsBySeal.Keys);

        // Idempotent: a second run finds nothing to do.
        var again = await new StorageReencryptor(database, rotated, NullLogger.Instance).RunAsync(encryptUnmarked: false, checkOnly: false);
        Assert.Equal(0, again.GrainRowsRewritten + again.SecretsRewritten);

        // A removed: everything still loads under B alone.
        using (var silo = await StartSiloAsync(connectionString, KeyB))
        {
            foreach (var name in names)
            {
                Assert.Equal($"value of {name}", await Probe(silo, name).ReadAsync());
            }

            await silo.StopAsync();
        }

        var secret = await ScalarAsync<string>(database, "SELECT secret FROM jp_republisher WHERE code = 'feed-a'");
        Assert.Equal("whsec-a", new SecretProtector(new StorageKeyRing(KeyB), SecretProtector.WebhookPurpose).Unprotect(secret, "feed-a"));
        var followed = Assert.Single(await FederationLogUnder(database, KeyB).ReadAfterAsync(0, 10, CancellationToken.None));
        Assert.Equal("""{"eventId":"e-1"}""", followed.Event);
        var agencySecret = await ScalarAsync<string>(database, "SELECT secret FROM jp_agency_webhook WHERE agency = 'air'");
        Assert.Equal("whsec-agency", new SecretProtector(new StorageKeyRing(KeyB), SecretProtector.AgencyWebhookPurpose).Unprotect(agencySecret, "air"));
        var request = await new AssistanceStore(database, new SecretProtector(new StorageKeyRing(KeyB), SecretProtector.AssistanceSubjectPurpose)).GetAsync("req-a", CancellationToken.None);
        Assert.Equal(subject, request!.Subject);
        var member = await ScalarAsync<string>(database, "SELECT subject FROM jp_watch_member WHERE ref = 'emp-1'");
        var owner = await ScalarAsync<string>(database, "SELECT watchlist_id || E'\\n' || ref FROM jp_watch_member WHERE ref = 'emp-1'");
        Assert.Equal((IdType.ResidentId, watched), WatchlistStore.OpenMember(new SecretProtector(new StorageKeyRing(KeyB), WatchlistStore.MemberPurpose), member, owner));
    }

    private static FederationLog FederationLogUnder(NpgsqlDataSource database, string key) =>
        new(database, new SecretProtector(new StorageKeyRing(key), SecretProtector.FederationEventPurpose));

    [Fact]
    public async Task RowCopiedToAnotherGrain_RefusesToLoad_InsteadOfShowingTheOtherGrainsState()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        using (var silo = await StartSiloAsync(connectionString, KeyA))
        {
            await Probe(silo, "victim").WriteAsync("the victim's own state");
            await Probe(silo, "source").WriteAsync("someone else's state");
            await silo.StopAsync();
        }

        await ExecuteAsync(database, $"""
            UPDATE orleansstorage SET payloadbinary =
                   (SELECT payloadbinary FROM orleansstorage WHERE grainidextensionstring = '{GrainKeys.StorageProbe("source")}')
             WHERE grainidextensionstring = '{GrainKeys.StorageProbe("victim")}'
            """);

        using (var silo = await StartSiloAsync(connectionString, KeyA))
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => Probe(silo, "victim").ReadAsync());
            Assert.Contains("sealed for another row", error.ToString(), StringComparison.Ordinal);
            Assert.Equal("someone else's state", await Probe(silo, "source").ReadAsync());
            await silo.StopAsync();
        }
    }

    [Fact]
    public async Task RowInTodaysFormat_Loads_AndReencryptConvertsIt()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        var key = GrainKeys.StorageProbe("legacy");
        using (var silo = await StartSiloAsync(connectionString, KeyA))
        {
            await Probe(silo, "legacy").WriteAsync("written before format 2");
            await silo.StopAsync();
        }

        // The row as the previous release wrote it: JPE1 | nonce | AES-GCM under HKDF(key, "jp grain-state v1"), no key id, no row binding.
        var plain = await PlainStateAsync(database, key, new StorageKeyRing(KeyA));
        await SetPayloadAsync(database, key, LegacyFormat.GrainState(KeyA, plain));

        using (var silo = await StartSiloAsync(connectionString, KeyB, old: KeyA))
        {
            Assert.Equal("written before format 2", await Probe(silo, "legacy").ReadAsync());
            await silo.StopAsync();
        }

        var ring = new StorageKeyRing(KeyB, [KeyA]);
        var report = await new StorageReencryptor(database, ring, NullLogger.Instance).RunAsync(encryptUnmarked: false, checkOnly: false);
        Assert.Equal(1, report.LegacyRowsRewritten);
        Assert.Equal(PayloadSeal.Current, new GrainStateCipher(ring).Inspect(await PayloadAsync(database, key)));

        using (var silo = await StartSiloAsync(connectionString, KeyB))
        {
            Assert.Equal("written before format 2", await Probe(silo, "legacy").ReadAsync());
            await silo.StopAsync();
        }
    }

    [Fact]
    public async Task UnencryptedRow_IsRefused_UntilReencryptIsToldToEncryptIt()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        var key = GrainKeys.StorageProbe("plain");
        var ring = new StorageKeyRing(KeyA);
        using (var silo = await StartSiloAsync(connectionString, KeyA))
        {
            await Probe(silo, "plain").WriteAsync("never encrypted");
            await silo.StopAsync();
        }

        await SetPayloadAsync(database, key, await PlainStateAsync(database, key, ring));

        using (var silo = await StartSiloAsync(connectionString, KeyA))
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => Probe(silo, "plain").ReadAsync());
            Assert.Contains("is not encrypted", error.ToString(), StringComparison.Ordinal);
            await silo.StopAsync();
        }

        var refused = await new StorageReencryptor(database, ring, NullLogger.Instance).RunAsync(encryptUnmarked: false, checkOnly: false);
        Assert.Single(refused.Failures);
        Assert.Equal(1, refused.GrainRowsBySeal["unmarked"]);

        var converted = await new StorageReencryptor(database, ring, NullLogger.Instance).RunAsync(encryptUnmarked: true, checkOnly: false);
        Assert.Equal(1, converted.UnmarkedRowsEncrypted);
        using (var silo = await StartSiloAsync(connectionString, KeyA))
        {
            Assert.Equal("never encrypted", await Probe(silo, "plain").ReadAsync());
            await silo.StopAsync();
        }
    }

    [Fact]
    public async Task Reencrypt_WhileTheGrainIsActive_NeitherLosesNorBlocksItsNextWrite()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        using (var silo = await StartSiloAsync(connectionString, KeyA))
        {
            await Probe(silo, "live").WriteAsync("first");
            await silo.StopAsync();
        }

        using (var silo = await StartSiloAsync(connectionString, KeyB, old: KeyA))
        {
            Assert.Equal("first", await Probe(silo, "live").ReadAsync());
            var ring = new StorageKeyRing(KeyB, [KeyA]);
            var report = await new StorageReencryptor(database, ring, NullLogger.Instance).RunAsync(encryptUnmarked: false, checkOnly: false);
            Assert.Equal(0, report.NotCurrent(ring.Current.IdText));

            // The active grain still holds the version it read: its next write succeeds over the re-encrypted row.
            await Probe(silo, "live").WriteAsync("second");
            await silo.StopAsync();
        }

        using (var silo = await StartSiloAsync(connectionString, KeyB))
        {
            Assert.Equal("second", await Probe(silo, "live").ReadAsync());
            await silo.StopAsync();
        }
    }

    private static Task<IHost> StartSiloAsync(string connectionString, string key, string? old = null)
    {
        var settings = new Dictionary<string, string?>(ClusterHarness.FastFailureDetection) { ["JP_STORAGE_KEY"] = key, ["JP_STORAGE_OLD_KEYS"] = old };
        return ClusterHarness.StartSiloAsync(connectionString, settings);
    }

    private static IStorageProbeGrain Probe(IHost silo, string name) =>
        silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IStorageProbeGrain>(GrainKeys.StorageProbe(name));

    private static async Task<byte[]> PlainStateAsync(NpgsqlDataSource database, string grainKey, StorageKeyRing ring) =>
        new GrainStateCipher(ring).Decrypt(await PayloadAsync(database, grainKey), new GrainStateRow("state", 0, 0, grainKey));

    private static Task<byte[]> PayloadAsync(NpgsqlDataSource database, string grainKey) =>
        ScalarAsync<byte[]>(database, $"SELECT payloadbinary FROM orleansstorage WHERE grainidextensionstring = '{grainKey}'");

    private static async Task SetPayloadAsync(NpgsqlDataSource database, string grainKey, byte[] payload)
    {
        await using var command = database.CreateCommand("UPDATE orleansstorage SET payloadbinary = $1 WHERE grainidextensionstring = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = payload });
        command.Parameters.Add(new NpgsqlParameter { Value = grainKey });
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static async Task InsertRepublisherAsync(NpgsqlDataSource database, string code, string storedSecret)
    {
        await using var command = database.CreateCommand("INSERT INTO jp_republisher (code, url, secret, next_attempt_at, created_at) VALUES ($1, 'https://example.org/hook', $2, now(), now())");
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        command.Parameters.Add(new NpgsqlParameter { Value = storedSecret });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
