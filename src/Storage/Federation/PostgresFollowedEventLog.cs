using JointPunishment.Grains.Federation;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Wire;
using JointPunishment.Storage.Audit;
using Npgsql;

namespace JointPunishment.Storage.Federation;

/// <summary>
/// Puts what the follower applied from the upstream on this node's record (a <see cref="AuditLog.CourtEventApplied"/> row
/// each, under the upstream court's name here, as a court's own request puts its events) and into this node's own feed,
/// one transaction per page; a page applied again after a crash adds nothing.
/// </summary>
public sealed class PostgresFollowedEventLog(NpgsqlDataSource dataSource, FederationLog log) : IFollowedEventLog
{
    public async Task AppendAsync(IReadOnlyList<(string SubjectKey, CourtEvent Event)> applied, CancellationToken cancellationToken)
    {
        if (applied.Count == 0)
        {
            return;
        }

        await using var batch = dataSource.CreateBatch();
        foreach (var command in Commands(log, applied))
        {
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The statements that put <paramref name="applied"/> on this node's record and feed (none for none), to run in one transaction.</summary>
    public static IEnumerable<NpgsqlBatchCommand> Commands(FederationLog log, IReadOnlyList<(string SubjectKey, CourtEvent Event)> applied)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(applied);
        var courts = applied.GroupBy(a => a.Event.Court, StringComparer.Ordinal).ToList();
        foreach (var court in courts)
        {
            yield return AuditLog.AppliedEventsCommand(
                court.Key, [.. court.Select(a => new AppliedCourtEvent(a.SubjectKey, a.Event.EventId, WireNames.Of(a.Event.Type), a.Event.CaseNumber, Retried: false))]);
        }

        // The feed's appends last: each holds its counter's lock until the commit.
        foreach (var court in courts)
        {
            yield return log.AppendCommand(court.Key, [.. court.Select(a => new FederationEntry(a.SubjectKey, a.Event.EventId, CourtEventWriter.Write(a.Event)))]);
        }
    }
}
