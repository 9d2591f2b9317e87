using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;

namespace JointPunishment.Grains.Subjects.Bulk;

/// <summary>The first state of a subject the follower writes itself (<see cref="SubjectBulkApply"/>).</summary>
public sealed record NewSubjectState(GrainId GrainId, string SubjectKey, SubjectState State);

/// <summary>
/// Writes the first rows of subjects new to this node in one transaction: their grain state rows in the grain storage's
/// own table and format (so their grains read them through the provider unchanged), every subject projection of their
/// states, and the followed events on this node's record and feed (<see cref="Federation.IFollowedEventLog"/>). The silo's
/// PostgreSQL implementation is in Silo (it needs the ADO.NET provider's keying and serializer).
/// </summary>
public interface ISubjectBulkStore
{
    /// <summary>
    /// Everything the write of <paramref name="subjects"/> and <paramref name="applied"/> needs that takes no database
    /// (the rows serialized and sealed, the statements made): CPU only, so the follower prepares its next page while this
    /// one is written.
    /// </summary>
    IPreparedSubjectWrite Prepare(IReadOnlyList<NewSubjectState> subjects, IReadOnlyList<(string SubjectKey, CourtEvent Event)> applied);
}

/// <summary>A write prepared by <see cref="ISubjectBulkStore.Prepare"/>.</summary>
public interface IPreparedSubjectWrite
{
    /// <summary>
    /// Writes the subjects and events together, or nothing when any subject already has a row (a grain wrote it first,
    /// or a projection holds rows of it): then it answers those subjects' keys, for their grains to apply their events.
    /// Commits only after <paramref name="named"/> (the subjects' names going into the index) completed, and not if it failed.
    /// </summary>
    Task<IReadOnlyCollection<string>> WriteAsync(Task named, CancellationToken cancellationToken);
}
