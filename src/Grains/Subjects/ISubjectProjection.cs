namespace JointPunishment.Grains.Subjects;

/// <summary>
/// A durable view of subject state kept outside the grains (PostgreSQL read models, due-date indexes).
/// A subject grain calls every registered projection after it has persisted a change and before it acknowledges
/// it, and again when it is activated unless every projection holds the stored revision (<see cref="HoldsAsync"/>),
/// so an acknowledged change is never missing from a projection even if the silo dies between the state write and the
/// projection. (So a projection added to a running system is not filled by activations of subjects the others hold.) Projections therefore see the same revision more than
/// once and must be idempotent: bring the stored view up to <see cref="SubjectSnapshot.Revision"/>, ignore older.
/// </summary>
public interface ISubjectProjection
{
    /// <summary>Stores what this projection keeps of <paramref name="snapshot"/>; durable when the task completes.</summary>
    Task ProjectAsync(SubjectSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>
    /// Whether this projection is known to hold <paramref name="revision"/> (or a later one) of the subject, so that an
    /// activation need not project it again. False when it cannot tell: the activation then projects, as it always may.
    /// </summary>
    Task<bool> HoldsAsync(string subjectKey, long revision, CancellationToken cancellationToken) => Task.FromResult(false);
}
