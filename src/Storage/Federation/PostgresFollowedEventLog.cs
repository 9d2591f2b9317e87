using JointPunishment.Grains.Federation;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Wire;
using Npgsql;

namespace JointPunishment.Storage.Federation;

/// <summary>Puts what the follower applied from the upstream into this node's own feed, one transaction per page.</summary>
public sealed class PostgresFollowedEventLog(NpgsqlDataSource dataSource, FederationLog log) : IFollowedEventLog
{
    public async Task AppendAsync(IReadOnlyList<(string SubjectKey, CourtEvent Event)> applied, CancellationToken cancellationToken)
    {
        if (applied.Count == 0)
        {
            return;
        }

        await using var batch = dataSource.CreateBatch();
        foreach (var court in applied.GroupBy(a => a.Event.Court, StringComparer.Ordinal))
        {
            batch.BatchCommands.Add(log.AppendCommand(court.Key, [.. court.Select(a => new FederationEntry(a.SubjectKey, a.Event.EventId, CourtEventWriter.Write(a.Event)))]));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
