using JointPunishment.Storage.Encryption;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace JointPunishment.Storage.Federation;

/// <summary>
/// The ordered log of the court events this node applied (<c>jp_federation_event</c>), which downstream nodes follow
/// (<c>GET /v1/federation/events</c>). Appended in the same transaction that puts a court's request on record, before the
/// court is answered, so an acknowledged event is always in it; read by position, so serving many followers costs one
/// primary-key range scan each.
/// </summary>
public sealed class FederationLog(NpgsqlDataSource dataSource, [FromKeyedServices(SecretProtector.FederationEventPurpose)] SecretProtector seal)
{
    /// <summary>
    /// The statement that appends <paramref name="entries"/> of <paramref name="court"/> (those not in the log already);
    /// it takes the feed's counter row, so it must be the last statement of its transaction (see the migration).
    /// </summary>
    public NpgsqlBatchCommand AppendCommand(string court, IReadOnlyCollection<FederationEntry> entries)
    {
        var command = new NpgsqlBatchCommand("""
            WITH fresh AS (
                SELECT u.subject_key, u.event_id, u.event, u.ord
                  FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u (subject_key, event_id, event, ord)
                 WHERE NOT EXISTS (SELECT 1 FROM jp_federation_event f
                                    WHERE f.court = $1 AND f.subject_key = u.subject_key AND f.event_id = u.event_id)),
            taken AS (
                UPDATE jp_feed_counter SET last = last + (SELECT count(*) FROM fresh)
                 WHERE feed = 'federation' AND EXISTS (SELECT 1 FROM fresh)
             RETURNING last - (SELECT count(*) FROM fresh) AS base)
            INSERT INTO jp_federation_event (seq, court, subject_key, event_id, event)
            SELECT taken.base + row_number() OVER (ORDER BY fresh.ord), $1, fresh.subject_key, fresh.event_id, fresh.event
              FROM fresh, taken
            ON CONFLICT (court, subject_key, event_id) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = court });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.SubjectKey).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.EventId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => seal.Protect(e.Event, Owner(court, e.EventId))).ToArray() });
        return command;
    }

    /// <summary>Up to <paramref name="limit"/> events after position <paramref name="after"/>, in order.</summary>
    public async Task<IReadOnlyList<FederationEvent>> ReadAfterAsync(long after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT seq, court, event_id, event, applied_at FROM jp_federation_event WHERE seq > $1 ORDER BY seq LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var events = new List<FederationEvent>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var court = reader.GetString(1);
            events.Add(new FederationEvent(reader.GetInt64(0), court, seal.Unprotect(reader.GetString(3), Owner(court, reader.GetString(2))), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return events;
    }

    /// <summary>What a sealed event is bound to: its court and event id (not the subject key, which a key rotation rewrites).</summary>
    public static string Owner(string court, string eventId) => $"{court}\n{eventId}";
}
