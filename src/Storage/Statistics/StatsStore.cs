using Npgsql;
using NpgsqlTypes;

namespace JointPunishment.Storage.Statistics;

/// <summary>
/// Per agency, measure and CST day statistics of checks and feedback (自动反馈 made visible to the operator). What
/// downstream nodes reported about their agencies' hits on this node's cases (<c>jp_node_report</c>) counts under
/// <c>{node}/{agency}</c>, a code no local agency has: each reported hit is one check and one hit (checks of people this
/// node never listed are not reported), its feedback counted as local feedback is.
/// </summary>
public sealed class StatsStore(NpgsqlDataSource dataSource)
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    /// <summary>Days <paramref name="from"/> through <paramref name="to"/> (CST, inclusive); <paramref name="agency"/> null means all.</summary>
    public async Task<IReadOnlyList<StatsRow>> ReadAsync(DateOnly from, DateOnly to, string? agency, CancellationToken cancellationToken)
    {
        // Session time zone is UTC: shift by eight hours before taking the date, no time zone database needed.
        await using var command = dataSource.CreateCommand("""
            WITH counts AS (
                SELECT agency, measure, ((second AT TIME ZONE 'UTC') + interval '8 hours')::date AS day,
                       sum(checks)::bigint AS checks, coalesce(sum(checks) FILTER (WHERE decision > 0), 0)::bigint AS hits
                  FROM jp_check_count
                 WHERE second >= $1 AND second < $2 AND ($3::text IS NULL OR agency = $3)
                 GROUP BY 1, 2, 3
                UNION ALL
                SELECT node || '/' || agency, measure, ((checked_at AT TIME ZONE 'UTC') + interval '8 hours')::date, count(*), count(*)
                  FROM jp_node_report
                 WHERE checked_at >= $1 AND checked_at < $2 AND ($3::text IS NULL OR node || '/' || agency = $3)
                 GROUP BY 1, 2, 3),
            feedback AS (
                SELECT f.agency, h.measure, ((f.checked_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS day,
                       count(*) FILTER (WHERE f.outcome = 1) AS refused, count(*) FILTER (WHERE f.outcome = 2) AS served,
                       count(*) FILTER (WHERE f.outcome = 3) AS reviewed
                  FROM jp_feedback f LEFT JOIN jp_check_hit h ON h.check_id = f.check_id
                 WHERE f.checked_at >= $1 AND f.checked_at < $2 AND ($3::text IS NULL OR f.agency = $3)
                 GROUP BY 1, 2, 3
                UNION ALL
                SELECT node || '/' || agency, measure, ((checked_at AT TIME ZONE 'UTC') + interval '8 hours')::date,
                       count(*) FILTER (WHERE outcome = 1), count(*) FILTER (WHERE outcome = 2), count(*) FILTER (WHERE outcome = 3)
                  FROM jp_node_report
                 WHERE outcome IS NOT NULL AND checked_at >= $1 AND checked_at < $2 AND ($3::text IS NULL OR node || '/' || agency = $3)
                 GROUP BY 1, 2, 3)
            SELECT coalesce(c.agency, f.agency), coalesce(c.measure, f.measure), coalesce(c.day, f.day),
                   coalesce(c.checks, 0), coalesce(c.hits, 0), coalesce(f.refused, 0), coalesce(f.served, 0), coalesce(f.reviewed, 0)
              FROM counts c
              FULL JOIN feedback f ON f.agency = c.agency AND f.measure = c.measure AND f.day = c.day
             ORDER BY 3, 1, 2 NULLS LAST
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = StartOf(from) });
        command.Parameters.Add(new NpgsqlParameter { Value = StartOf(to.AddDays(1)) });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)agency ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var rows = new List<StatsRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StatsRow(
                reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetFieldValue<DateOnly>(2),
                reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7)));
        }

        return rows;
    }

    private static DateTimeOffset StartOf(DateOnly cstDay) => new DateTimeOffset(cstDay.ToDateTime(TimeOnly.MinValue), Cst).ToUniversalTime();
}
