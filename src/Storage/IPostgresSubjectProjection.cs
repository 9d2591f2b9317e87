using JointPunishment.Grains.Subjects;
using Npgsql;

namespace JointPunishment.Storage;

/// <summary>
/// A subject projection kept in PostgreSQL, given as statements rather than executed, so that all projections of
/// one snapshot reach the server as one batch (<see cref="PostgresSubjectProjections"/>): one round trip and one
/// implicit transaction per persisted change instead of one or more each. Every statement must be idempotent by
/// revision on its own (see <see cref="ISubjectProjection"/>).
/// </summary>
public interface IPostgresSubjectProjection
{
    /// <summary>The statements that bring this projection up to <paramref name="snapshot"/>; none when it keeps nothing of it.</summary>
    IEnumerable<NpgsqlBatchCommand> Commands(SubjectSnapshot snapshot);

    /// <summary>
    /// The statements for several snapshots projected in one transaction; by default each snapshot's own, in order.
    /// A projection whose rows several subjects share overrides it to write them as one statement in a fixed order,
    /// so that concurrent batches wait for one another's rows in that order and cannot deadlock.
    /// </summary>
    IEnumerable<NpgsqlBatchCommand> Commands(IReadOnlyList<SubjectSnapshot> snapshots) => snapshots.SelectMany(Commands);

    /// <summary>
    /// Whether this projection reads who watches the subject, and so needs the snapshots projected again only for
    /// watchers (<see cref="SubjectSnapshot.ForWatchers"/>); the others already hold the subject's state and skip them.
    /// </summary>
    bool ServesWatchers => false;
}
