using Npgsql;

namespace JointPunishment.Storage.Objections;

/// <summary>Reads the objections referred to one court (四(二)3) from <c>jp_objection</c>.</summary>
public sealed class ObjectionStore(NpgsqlDataSource dataSource)
{
    /// <summary>The court's objections, oldest first; <paramref name="openOnly"/> leaves out those taken up.</summary>
    public async Task<IReadOnlyList<ReferredObjection>> ListAsync(string court, bool openOnly, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT objection_id, case_number, agency, measure, reason, received_at, taken_up_on
              FROM jp_objection
             WHERE court = $1 AND (NOT $2 OR taken_up_on IS NULL)
             ORDER BY received_at, objection_id, case_number
             LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = court });
        command.Parameters.Add(new NpgsqlParameter { Value = openOnly });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var items = new List<ReferredObjection>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new ReferredObjection(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateOnly>(6)));
        }

        return items;
    }
}
