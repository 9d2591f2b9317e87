using JointPunishment.Grains.Interfaces.Model;
using Npgsql;

namespace JointPunishment.Storage.Watchlists;

/// <summary>
/// An agency's alerts in <c>seq</c> order after a cursor (see migration 0032 for why none appears later behind a
/// cursor). Only that agency's: the agency is part of the key every read goes through. The shape a webhook dispatcher's
/// message source reads (<c>ReadAfterAsync(agency, cursor, limit)</c>, each item with its seq).
/// </summary>
public sealed class AlertFeed(NpgsqlDataSource dataSource)
{
    /// <summary>Alerts of <paramref name="agency"/> with a seq above <paramref name="cursor"/>, at most <paramref name="limit"/>, in order.</summary>
    public async Task<IReadOnlyList<WatchAlert>> ReadAfterAsync(string agency, long cursor, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT seq, watchlist, ref, measure, decision, kind, at
              FROM jp_alert WHERE agency = $1 AND seq > $2 ORDER BY seq LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = agency });
        command.Parameters.Add(new NpgsqlParameter { Value = cursor });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var alerts = new List<WatchAlert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(new WatchAlert(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                (Decision)reader.GetInt16(4), (WatchAlertKind)reader.GetInt16(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return alerts;
    }
}
