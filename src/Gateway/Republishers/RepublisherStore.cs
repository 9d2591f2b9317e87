using System.Security.Cryptography;
using JointPunishment.Storage.Encryption;
using Npgsql;

namespace JointPunishment.Gateway.Republishers;

/// <summary>Subscriptions to the delisting feed (<c>jp_republisher</c>); signing secrets are stored encrypted.</summary>
public sealed class RepublisherStore(NpgsqlDataSource dataSource, [FromKeyedServices(RepublisherStore.SecretPurpose)] SecretProtector secrets)
{
    /// <summary>The purpose the signing secrets' encryption key is derived for.</summary>
    public const string SecretPurpose = SecretProtector.WebhookPurpose;

    /// <summary>False when the code is taken.</summary>
    public async Task<bool> AddAsync(string code, string url, string secret, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO jp_republisher (code, url, secret, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $4)
            ON CONFLICT (code) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        command.Parameters.Add(new NpgsqlParameter { Value = url });
        command.Parameters.Add(new NpgsqlParameter { Value = secrets.Protect(secret, code) });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Replaces the signing secret; false when no republisher has the code.</summary>
    public async Task<bool> RotateSecretAsync(string code, string secret, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE jp_republisher SET secret = $2 WHERE code = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        command.Parameters.Add(new NpgsqlParameter { Value = secrets.Protect(secret, code) });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Unsubscribes; false when no republisher has the code.</summary>
    public async Task<bool> RemoveAsync(string code, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM jp_republisher WHERE code = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Locks one republisher that is due (FOR UPDATE SKIP LOCKED), so that several gateways never deliver to the same
    /// republisher at once; the lock lasts until <paramref name="transaction"/> ends.
    /// </summary>
    public async Task<DueRepublisher?> LockDueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT code, url, secret, cursor, attempts FROM jp_republisher WHERE next_attempt_at <= $1
            ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var code = reader.GetString(0);
        try
        {
            return new DueRepublisher(code, reader.GetString(1), secrets.Unprotect(reader.GetString(2), code), reader.GetInt64(3), reader.GetInt32(4));
        }
        catch (CryptographicException e)
        {
            return new DueRepublisher(code, reader.GetString(1), "", reader.GetInt64(3), reader.GetInt32(4), e.Message);
        }
    }

    /// <summary>Records the outcome of a delivery: the new cursor and attempt count, when to try next and why it failed.</summary>
    public static async Task RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string code, long cursor, int attempts, DateTimeOffset next, string? error, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE jp_republisher SET cursor = $2, attempts = $3, next_attempt_at = $4, last_error = $5 WHERE code = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        command.Parameters.Add(new NpgsqlParameter { Value = cursor });
        command.Parameters.Add(new NpgsqlParameter { Value = attempts });
        command.Parameters.Add(new NpgsqlParameter { Value = next });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)error ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
