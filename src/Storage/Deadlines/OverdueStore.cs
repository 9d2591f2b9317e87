using JointPunishment.Grains.Domain.Deadlines;
using Npgsql;
using NpgsqlTypes;

namespace JointPunishment.Storage.Deadlines;

/// <summary>Reads overdue steps from the due-date index: an index range scan on <c>due_on</c> (or <c>court, due_on</c>).</summary>
public sealed class OverdueStore(NpgsqlDataSource dataSource)
{
    /// <summary>Steps due before <paramref name="today"/>, oldest first; <paramref name="court"/> null means every court.</summary>
    public async Task<IReadOnlyList<OverdueStep>> ListAsync(string? court, DateOnly today, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT court, case_number, step, min(due_on) AS due_on
              FROM jp_due_step
             WHERE due_on < $1 AND ($2::text IS NULL OR court = $2)
             GROUP BY court, case_number, step
             ORDER BY due_on, court, case_number, step
             LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = today, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)court ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var steps = new List<OverdueStep>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            steps.Add(new OverdueStep(reader.GetString(0), reader.GetString(1), (DueStepKind)reader.GetInt16(2), reader.GetFieldValue<DateOnly>(3)));
        }

        return steps;
    }
}
