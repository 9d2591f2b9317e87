using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Storage.Federation;
using Npgsql;

namespace JointPunishment.Storage.Checks;

/// <summary>
/// Stores what an agency did on a check (自动反馈, 四(三)). The first report on a check binds (<c>jp_feedback</c>, what the
/// ledger and the statistics count); a later one is kept beside it (<c>jp_feedback_report</c>). The binding report on a
/// hit on an upstream case also goes to the upstream's outbox (<see cref="UpstreamReportOutbox"/>), in the same
/// transaction, under the check's lock, so a hit recorded at the same moment is not missed.
/// </summary>
public sealed class FeedbackStore(NpgsqlDataSource dataSource)
{
    public async Task RecordAsync(Guid checkId, string agency, Decision decision, DateTimeOffset checkedAt, short outcome, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        // One batch: one implicit transaction, so the lock lasts until the feedback commits.
        await using var batch = dataSource.CreateBatch();
        var locks = new NpgsqlBatchCommand(UpstreamReportOutbox.LockChecks);
        locks.Parameters.Add(new NpgsqlParameter { Value = new[] { checkId } });
        batch.BatchCommands.Add(locks);
        var command = new NpgsqlBatchCommand("""
            WITH first AS (
                INSERT INTO jp_feedback (check_id, agency, decision, checked_at, outcome, received_at) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (check_id) DO NOTHING
                RETURNING check_id, outcome),
            upstream AS (
                INSERT INTO jp_upstream_report (check_id, agency, measure, decision, checked_at, cases, outcome)
                SELECT r.check_id, r.agency, r.measure, r.decision, r.checked_at, r.cases, first.outcome
                  FROM jp_upstream_report r JOIN first ON first.check_id = r.check_id
                 WHERE r.outcome IS NULL
                ON CONFLICT DO NOTHING)
            INSERT INTO jp_feedback_report (check_id, agency, outcome, received_at)
            SELECT $1, $2, $5, $6 WHERE NOT EXISTS (SELECT FROM first)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = checkId });
        command.Parameters.Add(new NpgsqlParameter { Value = agency });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)decision });
        command.Parameters.Add(new NpgsqlParameter { Value = checkedAt });
        command.Parameters.Add(new NpgsqlParameter { Value = outcome });
        command.Parameters.Add(new NpgsqlParameter { Value = receivedAt });
        batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
