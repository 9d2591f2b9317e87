using System.Security.Cryptography;
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
/// and agencies, and the subjects of assistance requests.
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

    /// <summary>Every column <see cref="SecretProtector"/> writes: webhook secrets of republishers and agencies, subjects of assistance requests.</summary>
    private static readonly EncryptedColumn[] EncryptedColumns =
    [
        new("jp_republisher", "code", "secret", SecretProtector.WebhookPurpose),
        new("jp_agency_webhook", "agency", "secret", SecretProtector.AgencyWebhookPurpose),
        new("jp_assistance", "id", "subject", SecretProtector.AssistanceSubjectPurpose),
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
            secrets = await ReencryptSecretsAsync(encryptUnmarked, failures, cancellationToken);
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

    private async Task<long> ReencryptSecretsAsync(bool encryptUnmarked, List<string> failures, CancellationToken cancellationToken)
    {
        long rewritten = 0;
        foreach (var column in EncryptedColumns)
        {
            rewritten += await ReencryptColumnAsync(column, encryptUnmarked, failures, cancellationToken);
        }

        return rewritten;
    }

    /// <summary>Rewrites the values of one column not under the current key, a page at a time in the order of their owners.</summary>
    private async Task<long> ReencryptColumnAsync(EncryptedColumn column, bool encryptUnmarked, List<string> failures, CancellationToken cancellationToken)
    {
        var protector = new SecretProtector(keys, column.Purpose);
        long rewritten = 0;
        var after = "";
        while (true)
        {
            var stored = new List<(string Owner, string Value)>();
            await using (var select = dataSource.CreateCommand($"""
                SELECT {column.Owner}, {column.Value} FROM {column.Table}
                 WHERE {column.Owner} > $1 AND NOT starts_with({column.Value}, $2) ORDER BY {column.Owner} LIMIT 500
                """))
            {
                select.Parameters.Add(new NpgsqlParameter { Value = after });
                select.Parameters.Add(new NpgsqlParameter { Value = protector.CurrentPrefix });
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    stored.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            foreach (var (owner, value) in stored)
            {
                string plain;
                try
                {
                    plain = SecretProtector.IsUnmarked(value) && encryptUnmarked ? value : protector.Unprotect(value, owner);
                }
                catch (CryptographicException e)
                {
                    failures.Add(e.Message);
                    logger.LogError("reencrypt: {Failure}", e.Message);
                    continue;
                }

                await using var update = dataSource.CreateCommand(
                    $"UPDATE {column.Table} SET {column.Value} = $3 WHERE {column.Owner} = $1 AND {column.Value} = $2");
                update.Parameters.Add(new NpgsqlParameter { Value = owner });
                update.Parameters.Add(new NpgsqlParameter { Value = value });
                update.Parameters.Add(new NpgsqlParameter { Value = protector.Protect(plain, owner) });
                rewritten += await update.ExecuteNonQueryAsync(cancellationToken);
            }

            if (stored.Count < 500)
            {
                return rewritten;
            }

            after = stored[^1].Owner;
        }
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
        foreach (var column in EncryptedColumns)
        {
            await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {column.Table} WHERE NOT starts_with({column.Value}, $1)");
            command.Parameters.Add(new NpgsqlParameter { Value = new SecretProtector(keys, column.Purpose).CurrentPrefix });
            count += (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        return count;
    }

    /// <summary>A column of values encrypted by <see cref="SecretProtector"/> for <paramref name="Purpose"/>, each bound to its row's <paramref name="Owner"/>.</summary>
    private sealed record EncryptedColumn(string Table, string Owner, string Value, string Purpose);

    private sealed record StoredRow(object[] Key, GrainStateRow Row, int Version, byte[] Payload);
}
