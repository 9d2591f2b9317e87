using System.Security.Cryptography;
using JointPunishment.Storage.Encryption;
using Npgsql;

namespace JointPunishment.Gateway.AgencyWebhooks;

/// <summary>
/// Agencies' webhooks (<c>jp_agency_webhook</c>, secrets encrypted and bound to the agency code) and how far each
/// message source has been delivered to each (<c>jp_agency_webhook_cursor</c>).
/// </summary>
public sealed class AgencyWebhookStore(NpgsqlDataSource dataSource, [FromKeyedServices(AgencyWebhookStore.SecretPurpose)] SecretProtector secrets)
{
    /// <summary>The purpose the signing secrets' encryption key is derived for.</summary>
    public const string SecretPurpose = SecretProtector.AgencyWebhookPurpose;

    /// <summary>
    /// Sets the agency's webhook (replacing URL and secret) and makes every source due at once with no failures counted,
    /// so a corrected URL is tried without waiting out the backoff. Cursors are kept: nothing is delivered twice because
    /// the URL changed, and a new webhook starts from each source's beginning.
    /// </summary>
    public async Task SetAsync(string agency, string url, string secret, IEnumerable<string> sources, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var upsert = new NpgsqlBatchCommand("""
            INSERT INTO jp_agency_webhook (agency, url, secret, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (agency) DO UPDATE SET url = excluded.url, secret = excluded.secret, updated_at = excluded.updated_at
            """);
        upsert.Parameters.Add(new NpgsqlParameter { Value = agency });
        upsert.Parameters.Add(new NpgsqlParameter { Value = url });
        upsert.Parameters.Add(new NpgsqlParameter { Value = secrets.Protect(secret, agency) });
        upsert.Parameters.Add(new NpgsqlParameter { Value = now });
        var cursors = new NpgsqlBatchCommand("""
            INSERT INTO jp_agency_webhook_cursor (agency, source, next_attempt_at) SELECT $1, s, $3 FROM unnest($2::text[]) s
            ON CONFLICT (agency, source) DO UPDATE SET attempts = 0, next_attempt_at = excluded.next_attempt_at, last_error = NULL
            """);
        cursors.Parameters.Add(new NpgsqlParameter { Value = agency });
        cursors.Parameters.Add(new NpgsqlParameter { Value = sources.ToArray() });
        cursors.Parameters.Add(new NpgsqlParameter { Value = now });
        batch.BatchCommands.Add(upsert);
        batch.BatchCommands.Add(cursors);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stops deliveries to the agency and forgets its URL and secret (its cursors stay, for a later webhook); false when it had none.</summary>
    public async Task<bool> RemoveAsync(string agency, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM jp_agency_webhook WHERE agency = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = agency });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Gives every webhook a cursor for each of <paramref name="sources"/> it lacks (a source added by an upgrade), due now.</summary>
    public async Task AddMissingCursorsAsync(IReadOnlyCollection<string> sources, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO jp_agency_webhook_cursor (agency, source, next_attempt_at)
            SELECT w.agency, s, $2 FROM jp_agency_webhook w CROSS JOIN unnest($1::text[]) s
             WHERE NOT EXISTS (SELECT 1 FROM jp_agency_webhook_cursor c WHERE c.agency = w.agency AND c.source = s)
            ON CONFLICT (agency, source) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = sources.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Locks one agency's webhook with a source due (FOR UPDATE SKIP LOCKED), the longest-waiting first, so that several
    /// gateways never deliver to the same agency at once; the lock lasts until <paramref name="transaction"/> ends.
    /// </summary>
    public async Task<DueAgencyWebhook?> LockDueAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<string> sources, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT w.agency, w.url, w.secret FROM jp_agency_webhook w
             WHERE EXISTS (SELECT 1 FROM jp_agency_webhook_cursor c WHERE c.agency = w.agency AND c.source = ANY($1) AND c.next_attempt_at <= $2)
             ORDER BY (SELECT min(c.next_attempt_at) FROM jp_agency_webhook_cursor c WHERE c.agency = w.agency AND c.source = ANY($1))
             LIMIT 1 FOR UPDATE OF w SKIP LOCKED
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = sources.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var agency = reader.GetString(0);
        try
        {
            return new DueAgencyWebhook(agency, reader.GetString(1), secrets.Unprotect(reader.GetString(2), agency));
        }
        catch (CryptographicException e)
        {
            return new DueAgencyWebhook(agency, reader.GetString(1), "", e.Message);
        }
    }

    /// <summary>The locked agency's cursors that are due, the longest-waiting first.</summary>
    public static async Task<IReadOnlyList<AgencyWebhookCursor>> DueCursorsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string agency, IReadOnlyCollection<string> sources, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT source, cursor, attempts FROM jp_agency_webhook_cursor
             WHERE agency = $1 AND source = ANY($2) AND next_attempt_at <= $3 ORDER BY next_attempt_at, source
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = agency });
        command.Parameters.Add(new NpgsqlParameter { Value = sources.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        var cursors = new List<AgencyWebhookCursor>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            cursors.Add(new AgencyWebhookCursor(reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2)));
        }

        return cursors;
    }

    /// <summary>Records the outcome of a delivery: the new cursor and attempt count, when to try next and why it failed.</summary>
    public static async Task RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string agency, AgencyWebhookCursor cursor, DateTimeOffset next, string? error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        await using var command = new NpgsqlCommand(
            "UPDATE jp_agency_webhook_cursor SET cursor = $3, attempts = $4, next_attempt_at = $5, last_error = $6 WHERE agency = $1 AND source = $2",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = agency });
        command.Parameters.Add(new NpgsqlParameter { Value = cursor.Source });
        command.Parameters.Add(new NpgsqlParameter { Value = cursor.Cursor });
        command.Parameters.Add(new NpgsqlParameter { Value = cursor.Attempts });
        command.Parameters.Add(new NpgsqlParameter { Value = next });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)error ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
