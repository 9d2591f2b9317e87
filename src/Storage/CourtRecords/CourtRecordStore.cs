using System.Collections.Immutable;
using JointPunishment.Grains.Domain.Deadlines;
using Npgsql;
using NpgsqlTypes;

namespace JointPunishment.Storage.CourtRecords;

/// <summary>Reads a court's record (四(二)9) in one round trip: its listings (<c>jp_court_listing</c>) and its overdue steps (<c>jp_due_step</c>).</summary>
public sealed class CourtRecordStore(NpgsqlDataSource dataSource)
{
    public async Task<CourtRecord> ReadAsync(string court, DateOnly today, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            "SELECT count(*), count(*) FILTER (WHERE risk_notice_missing) FROM jp_court_listing WHERE court = $1", court));
        // Counted as GET /v1/court/overdue lists them: co-debtors of one case share a step when their due dates agree.
        // Every step kind is counted by its stored number, so a kind added later needs no change here.
        var overdue = Command("""
            SELECT step, count(*) FROM (
                SELECT DISTINCT case_number, step, due_on FROM jp_due_step WHERE court = $1 AND due_on < $2) AS steps
             GROUP BY step
            """, court);
        overdue.Parameters.Add(new NpgsqlParameter { Value = today, NpgsqlDbType = NpgsqlDbType.Date });
        batch.BatchCommands.Add(overdue);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (listings, missing) = (reader.GetInt64(0), reader.GetInt64(1));
        await reader.NextResultAsync(cancellationToken);
        var steps = ImmutableDictionary.CreateBuilder<DueStepKind, long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            steps[(DueStepKind)reader.GetInt16(0)] = reader.GetInt64(1);
        }

        return new CourtRecord(listings, missing, steps.ToImmutable());
    }

    private static NpgsqlBatchCommand Command(string sql, string court)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = court });
        return command;
    }
}
