using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Federation;
using JointPunishment.Grains.Interfaces.Model;
using Npgsql;

namespace JointPunishment.Storage.Federation;

/// <summary>
/// The follower's outbox of reports for the upstream (<c>jp_upstream_report</c>, migration 0034): the hits of local
/// agencies on upstream cases, written by the check recorder in the transaction that stores the hits, and the binding
/// feedback on them, written in the transaction that stores the feedback (<see cref="Checks.FeedbackStore"/>). Both
/// take the check's lock (<see cref="CheckLockClass"/>) first, so whichever commits second sees the other.
/// </summary>
public sealed class UpstreamReportOutbox(NpgsqlDataSource dataSource) : IUpstreamReportOutbox
{
    /// <summary>The first key of the two-key advisory lock on a check id (the second is its hash).</summary>
    public const int CheckLockClass = 0x4A505552; // "JPUR"

    /// <summary>The statement that takes the locks of the checks <c>$1::uuid[]</c>, in one order so two writers never deadlock.</summary>
    internal static readonly string LockChecks = $"""
        SELECT pg_advisory_xact_lock({CheckLockClass}, k)
          FROM (SELECT DISTINCT hashtext(c::text) AS k FROM unnest($1::uuid[]) AS c ORDER BY 1) AS keys
        """;

    /// <summary>
    /// The statements that put <paramref name="hits"/> (those with upstream cases) in the outbox, with the feedback already
    /// given on them; to run in the transaction that stores the hits. None when no hit concerns an upstream case.
    /// </summary>
    internal static IEnumerable<NpgsqlBatchCommand> AppendHitCommands(IReadOnlyCollection<CheckRecord> hits)
    {
        var upstream = hits.Where(h => !h.UpstreamCases.IsDefaultOrEmpty).ToArray();
        if (upstream.Length == 0)
        {
            yield break;
        }

        var checkIds = upstream.Select(h => h.CheckId).ToArray();
        var locks = new NpgsqlBatchCommand(LockChecks);
        locks.Parameters.Add(new NpgsqlParameter { Value = checkIds });
        yield return locks;

        var insert = new NpgsqlBatchCommand("""
            INSERT INTO jp_upstream_report (check_id, agency, measure, decision, checked_at, cases)
            SELECT u.check_id, u.agency, u.measure, u.decision, u.checked_at, u.cases::jsonb
              FROM unnest($1::uuid[], $2::text[], $3::text[], $4::smallint[], $5::timestamptz[], $6::text[]) WITH ORDINALITY
                   AS u (check_id, agency, measure, decision, checked_at, cases, n)
             ORDER BY u.n
            ON CONFLICT DO NOTHING
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = checkIds });
        insert.Parameters.Add(new NpgsqlParameter { Value = upstream.Select(h => h.Agency).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = upstream.Select(h => h.Measure).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = upstream.Select(h => (short)h.Decision).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = upstream.Select(h => h.At).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = upstream.Select(h => UpstreamCase.ToJson(h.UpstreamCases)).ToArray() });
        yield return insert;

        // Feedback that committed before these hits were stored (it found no hit to report then).
        var feedback = new NpgsqlBatchCommand("""
            INSERT INTO jp_upstream_report (check_id, agency, measure, decision, checked_at, cases, outcome)
            SELECT r.check_id, r.agency, r.measure, r.decision, r.checked_at, r.cases, f.outcome
              FROM jp_upstream_report r JOIN jp_feedback f ON f.check_id = r.check_id
             WHERE r.check_id = ANY ($1) AND r.outcome IS NULL
             ORDER BY r.id
            ON CONFLICT DO NOTHING
            """);
        feedback.Parameters.Add(new NpgsqlParameter { Value = checkIds });
        yield return feedback;
    }

    public async Task<IReadOnlyList<UpstreamReport>> ReadUnsentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, check_id, agency, measure, decision, checked_at, cases::text, outcome
              FROM jp_upstream_report WHERE sent_at IS NULL ORDER BY id LIMIT $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var reports = new List<UpstreamReport>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            reports.Add(new UpstreamReport(
                reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), (Decision)reader.GetInt16(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetInt16(7)));
        }

        return reports;
    }

    public async Task MarkSentAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE jp_upstream_report SET sent_at = now() WHERE id = ANY ($1) AND sent_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkRefusedAsync(long id, string reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE jp_upstream_report SET sent_at = now(), refused = $2 WHERE id = $1 AND sent_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = reason });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> CountUnsentAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM jp_upstream_report WHERE sent_at IS NULL");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
