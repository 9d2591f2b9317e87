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
    /// The statements for <paramref name="snapshots"/> of subjects whose first state row is written in the same
    /// transaction (the follower's bulk path): set-based where the projection can be, one statement for them all rather
    /// than one or more a subject; by default <see cref="Commands(IReadOnlyList{SubjectSnapshot})"/>. A statement may
    /// return a column named <see cref="HeldColumn"/>: the keys of subjects it found rows of already and so did not
    /// project; the caller then rolls back and leaves those subjects to their grains.
    /// </summary>
    IEnumerable<NpgsqlBatchCommand> FirstCommands(IReadOnlyList<SubjectSnapshot> snapshots) => Commands(snapshots);

    /// <summary>The column in which a statement of <see cref="FirstCommands"/> returns the keys of subjects it left alone.</summary>
    const string HeldColumn = "held";

    /// <summary>
    /// Whether this projection reads who watches the subject, and so needs the snapshots projected again only for
    /// watchers (<see cref="SubjectSnapshot.ForWatchers"/>); the others already hold the subject's state and skip them.
    /// </summary>
    bool ServesWatchers => false;
}
