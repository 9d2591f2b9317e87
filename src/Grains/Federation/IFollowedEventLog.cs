using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Federation;

/// <summary>
/// Puts events applied from the upstream into this node's own federation feed (so that a node can in turn be followed);
/// idempotent, since a page is applied again after a crash. The silo's PostgreSQL implementation is in Storage.
/// </summary>
public interface IFollowedEventLog
{
    Task AppendAsync(IReadOnlyList<(string SubjectKey, CourtEvent Event)> applied, CancellationToken cancellationToken);
}
