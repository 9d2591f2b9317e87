using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace JointPunishment.Storage.Audit;

/// <summary>
/// Appends operator and court actions to <c>jp_audit</c> before the action is answered, so an acknowledged
/// action is always on record. Details must never hold identity numbers (use case numbers, event ids, codes);
/// a subject is named by its key (a keyed hash). The application's role may only insert and read here
/// (docs/security.md "PostgreSQL roles and the audit trail").
/// </summary>
public sealed class AuditLog(NpgsqlDataSource dataSource)
{
    /// <summary>The action of the one row each applied court event has.</summary>
    public const string CourtEventApplied = "court_event_applied";

    public async Task RecordAsync(string actorRole, string actorCode, string action, string target, object? detail = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO jp_audit (actor_role, actor_code, action, target, detail) VALUES ($1, $2, $3, $4, $5)");
        command.Parameters.Add(new NpgsqlParameter { Value = actorRole });
        command.Parameters.Add(new NpgsqlParameter { Value = actorCode });
        command.Parameters.Add(new NpgsqlParameter { Value = action });
        command.Parameters.Add(new NpgsqlParameter { Value = target });
        command.Parameters.Add(Json(detail));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// One court request: a row for the request (<paramref name="batchDetail"/>, target <c>court:{court}</c>) and one
    /// <see cref="CourtEventApplied"/> row per event in <paramref name="events"/> — those applied now and those answered
    /// <c>duplicate</c>, which were applied by an earlier attempt whose record or answer may have been lost. Each event's
    /// row is written once (keyed by court, subject and event id), so a retry adds only what is missing.
    /// <paramref name="last"/>, when given, runs in the same transaction after them (the federation feed's append, which
    /// holds its counter's lock until the commit and so must come last).
    /// </summary>
    public async Task RecordCourtEventsAsync(string court, IReadOnlyCollection<AppliedCourtEvent> events, object batchDetail, NpgsqlBatchCommand? last = null, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        var request = new NpgsqlBatchCommand(
            "INSERT INTO jp_audit (actor_role, actor_code, action, target, detail) VALUES ('court', $1, 'court_events', $2, $3)");
        request.Parameters.Add(new NpgsqlParameter { Value = court });
        request.Parameters.Add(new NpgsqlParameter { Value = $"court:{court}" });
        request.Parameters.Add(Json(batchDetail));
        batch.BatchCommands.Add(request);
        if (events.Count > 0)
        {
            batch.BatchCommands.Add(AppliedEventsCommand(court, events));
        }

        if (last is not null)
        {
            batch.BatchCommands.Add(last);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The <see cref="CourtEventApplied"/> rows of <paramref name="events"/> of <paramref name="court"/>, each written once
    /// (keyed by court, subject and event id); for a court's own request (<see cref="RecordCourtEventsAsync"/>) and for
    /// the events a node applies from its upstream as that upstream's court's (<c>PostgresFollowedEventLog</c>).
    /// </summary>
    public static NpgsqlBatchCommand AppliedEventsCommand(string court, IReadOnlyCollection<AppliedCourtEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var each = new NpgsqlBatchCommand($"""
            INSERT INTO jp_audit (actor_role, actor_code, action, target, detail, once_key)
            SELECT 'court', $1, '{CourtEventApplied}', u.target, u.detail::jsonb, u.once_key
            FROM unnest($2::text[], $3::text[], $4::text[]) AS u (target, detail, once_key)
            ON CONFLICT (once_key) DO NOTHING
            """);
        each.Parameters.Add(new NpgsqlParameter { Value = court });
        each.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.SubjectKey).ToArray() });
        each.Parameters.Add(new NpgsqlParameter
        {
            Value = events.Select(e => JsonSerializer.Serialize(new { eventId = e.EventId, type = e.Type, caseNumber = e.CaseNumber, recordedOnRetry = e.Retried ? true : (bool?)null }, DetailJson)).ToArray(),
        });
        each.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => $"court_event\n{court}\n{e.SubjectKey}\n{e.EventId}").ToArray() });
        return each;
    }

    /// <summary>Entries after <paramref name="afterId"/>, oldest first.</summary>
    public Task<IReadOnlyList<AuditEntry>> ReadAsync(long afterId, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync("WHERE id > $1 ORDER BY id", afterId, limit, cancellationToken);

    /// <summary>Entries before <paramref name="beforeId"/>, newest first (the operator console reads the latest this way).</summary>
    public Task<IReadOnlyList<AuditEntry>> ReadBeforeAsync(long beforeId, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync("WHERE id < $1 ORDER BY id DESC", beforeId, limit, cancellationToken);

    private async Task<IReadOnlyList<AuditEntry>> ReadAsync(string whereAndOrder, long id, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT id, at, actor_role, actor_code, action, target, detail::text FROM jp_audit {whereAndOrder} LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), JsonDocument.Parse(reader.GetString(6)).RootElement.Clone()));
        }

        return entries;
    }

    private static readonly JsonSerializerOptions DetailJson = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private static NpgsqlParameter Json(object? detail) =>
        new() { Value = JsonSerializer.Serialize(detail ?? new { }), NpgsqlDbType = NpgsqlDbType.Jsonb };
}
