using System.Security.Cryptography;
using JointPunishment.Storage.Assistance;
using JointPunishment.Storage.Watchlists;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace JointPunishment.Storage.Encryption;

/// <summary>What <see cref="StorageReencryptor.RunAsync"/> did and what it found afterwards.</summary>
public sealed record ReencryptReport(
    long GrainRowsRewritten,
    long LegacyRowsRewritten,
    long UnmarkedRowsEncrypted,
    long GrainRowsChangedMeanwhile,
    long SecretsRewritten,
    IReadOnlyList<string> Failures,
    IReadOnlyDictionary<string, long> GrainRowsBySeal,
    long SecretsNotCurrent)
{
    /// <summary>Rows and secrets not under the current key once the run ended.</summary>
    public long NotCurrent(string currentKeyId) =>
        GrainRowsBySeal.Where(p => p.Key != currentKeyId).Sum(p => p.Value) + SecretsNotCurrent;
}

/// <summary>
/// Moves everything encrypted with the storage keys to the current key: grain state (<c>orleansstorage</c>, format 1,
/// format 2 under a retired key and, when asked, payloads that were never encrypted), the webhook secrets of republishers
/// and agencies, the subjects of assistance requests, the identities of watchlist members and the federation feed's events.
/// Safe while the cluster runs: a row is rewritten only if it still has the version and payload that were read, and
/// its version is left as it is, so a silo holding the grain neither loses its write nor conflicts; a row written in
/// between was written by a silo (under that silo's current key) and is counted, not touched. Rows already under the
/// current key are not read again, so a run can be interrupted and started again (it resumes, in effect) and a
/// second run finds nothing to do.
/// </summary>
public sealed class StorageReencryptor(NpgsqlDataSource dataSource, StorageKeyRing keys, ILogger logger)
{
    private const string GrainColumns = "grainidhash, graintypehash, grainidn0, grainidn1, serviceid, graintypestring, coalesce(grainidextensionstring, '')";
    private readonly GrainStateCipher _cipher = new(keys);
    private readonly SealedColumn[] _sealedColumns =
    [
        new("jp_republisher", ["code"], "code", "secret", new SecretProtector(keys, SecretProtector.WebhookPurpose)),
        new("jp_agency_webhook", ["agency"], "agency", "secret", new SecretProtector(keys, SecretProtector.AgencyWebhookPurpose)),
        AssistanceStore.SealedSubjects(new SecretProtector(keys, SecretProtector.AssistanceSubjectPurpose)),
        WatchlistStore.SealedMembers(new SecretProtector(keys, SecretProtector.WatchMemberPurpose)),
        new("jp_federation_event", ["seq"], "court || E'\\n' || event_id", "event", new SecretProtector(keys, SecretProtector.FederationEventPurpose)),
    ];

    /// <param name="encryptUnmarked">Also encrypt grain states and secrets that carry no marker (written before encryption at rest); otherwise they are failures.</param>
    /// <param name="checkOnly">Rewrite nothing; only count what is under which key.</param>
    /// <param name="batchSize">Rows read per query.</param>
    /// <param name="cancellationToken">Stops between statements; a later run carries on.</param>
    public async Task<ReencryptReport> RunAsync(bool encryptUnmarked, bool checkOnly, int batchSize = 500, CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        (long Rewritten, long Legacy, long Unmarked, long Changed) grains = default;
        long secrets = 0;
        if (!checkOnly)
        {
            grains = await ReencryptGrainStateAsync(encryptUnmarked, batchSize, failures, cancellationToken);
            secrets = await ReencryptSecretsAsync(encryptUnmarked, batchSize, failures, cancellationToken);
        }

        return new ReencryptReport(grains.Rewritten, grains.Legacy, grains.Unmarked, grains.Changed, secrets, failures,
            await CountGrainRowsBySealAsync(cancellationToken), await CountSecretsNotCurrentAsync(cancellationToken));
    }

    private async Task<(long, long, long, long)> ReencryptGrainStateAsync(bool encryptUnmarked, int batchSize, List<string> failures, CancellationToken cancellationToken)
    {
        long rewritten = 0, legacy = 0, unmarked = 0, changed = 0;
        object[]? after = null;
        while (true)
        {
            var batch = await ReadBatchAsync(after, batchSize, cancellationToken);
            foreach (var row in batch)
            {
                var seal = _cipher.Inspect(row.Payload);
                byte[] plain;
                try
                {
                    plain = seal == PayloadSeal.Unmarked && encryptUnmarked ? row.Payload : _cipher.Decrypt(row.Payload, row.Row);
                }
                catch (GrainStateEncryptionException e)
                {
                    failures.Add(e.Message);
                    logger.LogError("reencrypt: {Failure}", e.Message);
                    continue;
                }

                if (await UpdateGrainRowAsync(row, _cipher.Encrypt(plain, row.Row), cancellationToken))
                {
                    rewritten++;
                    legacy += seal == PayloadSeal.Legacy ? 1 : 0;
                    unmarked += seal == PayloadSeal.Unmarked ? 1 : 0;
                }
                else
                {
                    changed++;
                }
            }

            if (batch.Count < batchSize)
            {
                return (rewritten, legacy, unmarked, changed);
            }

            after = batch[^1].Key;
            logger.LogInformation("reencrypt: {Rows} grain states rewritten so far", rewritten);
        }
    }

    private async Task<List<StoredRow>> ReadBatchAsync(object[]? after, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {GrainColumns}, grainidextensionstring, version, payloadbinary
              FROM orleansstorage
             WHERE payloadbinary IS NOT NULL AND substring(payloadbinary from 1 for {GrainStateCipher.HeaderBytes}) <> $1
               {(after is null ? "" : $"AND ({GrainColumns}) > ($3, $4, $5, $6, $7, $8, $9)")}
             ORDER BY {GrainColumns}
             LIMIT $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = _cipher.CurrentHeader });
        command.Parameters.Add(new NpgsqlParameter { Value = batchSize });
        foreach (var value in after ?? [])
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var rows = new List<StoredRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new object[7];
            reader.GetValues(key);
            var extension = reader.IsDBNull(7) ? null : reader.GetString(7);
            rows.Add(new StoredRow(key, new GrainStateRow(reader.GetString(5), reader.GetInt64(2), reader.GetInt64(3), extension), reader.GetInt32(8), (byte[])reader[9]));
        }

        return rows;
    }

    private async Task<bool> UpdateGrainRowAsync(StoredRow row, byte[] payload, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE orleansstorage SET payloadbinary = $1
             WHERE grainidhash = $2 AND graintypehash = $3 AND grainidn0 = $4 AND grainidn1 = $5 AND serviceid = $6
               AND graintypestring = $7 AND coalesce(grainidextensionstring, '') = $8
               AND version = $9 AND payloadbinary = $10
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = payload });
        foreach (var value in row.Key)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        command.Parameters.Add(new NpgsqlParameter { Value = row.Version });
        command.Parameters.Add(new NpgsqlParameter { Value = row.Payload });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Every column of sealed values (<see cref="SecretProtector"/>), each moved to the current key in pages by its row id.</summary>
    private async Task<long> ReencryptSecretsAsync(bool encryptUnmarked, int batchSize, List<string> failures, CancellationToken cancellationToken)
    {
        long rewritten = 0;
        foreach (var column in _sealedColumns)
        {
            rewritten += await ReencryptColumnAsync(column, encryptUnmarked, batchSize, failures, cancellationToken);
        }

        return rewritten;
    }

    private async Task<long> ReencryptColumnAsync(SealedColumn column, bool encryptUnmarked, int batchSize, List<string> failures, CancellationToken cancellationToken)
    {
        long rewritten = 0;
        var ids = column.RowId.Count;
        var update = $"""
            UPDATE {column.Table} SET {column.Value} = ${ids + 2}
             WHERE ({column.RowIdList}) = ({string.Join(", ", column.RowId.Select((_, i) => $"${i + 1}"))}) AND {column.Value} = ${ids + 1}
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await foreach (var page in column.PagesAsync(connection, $"NOT starts_with({column.Value}, $1)", [column.Protector.CurrentPrefix], null, batchSize, cancellationToken))
        {
            foreach (var row in page)
            {
                var value = row.Value!;   // NULL does not pass the filter
                string plain;
                try
                {
                    plain = SecretProtector.IsUnmarked(value) && encryptUnmarked ? value : column.Protector.Unprotect(value, row.Owner);
                }
                catch (CryptographicException e)
                {
                    failures.Add(e.Message);
                    logger.LogError("reencrypt: {Failure}", e.Message);
                    continue;
                }

                await using var command = new NpgsqlCommand(update, connection);
                foreach (var parameter in row.RowId.Append(value).Append(column.Protector.Protect(plain, row.Owner)))
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = parameter });
                }

                rewritten += await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        return rewritten;
    }

    /// <summary>Grain rows by how they are sealed: the key id (8 hex digits) of format 2, <c>format 1</c> or <c>unmarked</c>.</summary>
    private async Task<Dictionary<string, long>> CountGrainRowsBySealAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT CASE substring(payloadbinary from 1 for 4)
                     WHEN '\x4a504532'::bytea THEN encode(substring(payloadbinary from 5 for 4), 'hex')
                     WHEN '\x4a504531'::bytea THEN 'format 1'
                     ELSE 'unmarked' END,
                   count(*)
              FROM orleansstorage WHERE payloadbinary IS NOT NULL GROUP BY 1 ORDER BY 1
            """);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private async Task<long> CountSecretsNotCurrentAsync(CancellationToken cancellationToken)
    {
        long count = 0;
        foreach (var column in _sealedColumns)
        {
            await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {column.Table} WHERE NOT starts_with({column.Value}, $1)");
            command.Parameters.Add(new NpgsqlParameter { Value = column.Protector.CurrentPrefix });
            count += (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        return count;
    }

    private sealed record StoredRow(object[] Key, GrainStateRow Row, int Version, byte[] Payload);
}
