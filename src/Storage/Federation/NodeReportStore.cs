using Npgsql;

namespace JointPunishment.Storage.Federation;

/// <summary>
/// The reports downstream nodes send about their agencies' hits on this node's cases (<c>jp_node_report</c>), which
/// <c>GET /v1/stats</c> counts under <c>{node}/{agency}</c>. One row per node and check: a report sent again changes
/// nothing, and the first outcome binds, so a follower that retries never counts twice.
/// </summary>
public sealed class NodeReportStore(NpgsqlDataSource dataSource)
{
    /// <summary>Stores <paramref name="reports"/> of <paramref name="node"/> in one statement; returns how many changed anything (new hits, first outcomes).</summary>
    public async Task<int> RecordAsync(string node, IReadOnlyCollection<NodeReport> reports, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO jp_node_report AS r (node, check_id, agency, measure, decision, checked_at, cases, outcome, received_at)
            SELECT $1, u.check_id, u.agency, u.measure, u.decision, u.checked_at, u.cases::jsonb, u.outcome, $9
              FROM unnest($2::uuid[], $3::text[], $4::text[], $5::smallint[], $6::timestamptz[], $7::text[], $8::smallint[])
                   AS u (check_id, agency, measure, decision, checked_at, cases, outcome)
            ON CONFLICT (node, check_id) DO UPDATE SET outcome = excluded.outcome
             WHERE r.outcome IS NULL AND excluded.outcome IS NOT NULL
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = node });
        command.Parameters.Add(new NpgsqlParameter { Value = reports.Select(r => r.CheckId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = reports.Select(r => r.Agency).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = reports.Select(r => r.Measure).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = reports.Select(r => (short)r.Decision).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = reports.Select(r => r.CheckedAt).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = reports.Select(r => r.CasesJson).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = reports.Select(r => r.Outcome).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = receivedAt });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
