using JointPunishment.Grains.Interfaces.Model;
using Npgsql;

namespace JointPunishment.Storage.CreditRepairs;

/// <summary>Reads the credit repair feed in <c>seq</c> order after a cursor (see <c>jp_append_credit_repair</c> for why it has no gaps behind a cursor).</summary>
public sealed class CreditRepairFeed(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<CreditRepairEntry>> ReadAsync(long after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT seq, id_type, id_masked, name, agency, decision, decided_at
              FROM jp_credit_repair WHERE seq > $1 ORDER BY seq LIMIT $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var entries = new List<CreditRepairEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new CreditRepairEntry(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                (CreditRepairDecision)reader.GetInt16(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return entries;
    }
}
