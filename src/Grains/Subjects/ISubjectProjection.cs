namespace JointPunishment.Grains.Subjects;

/// <summary>
/// A durable view of subject state kept outside the grains (PostgreSQL read models, due-date indexes).
/// A subject grain calls every registered projection after it has persisted a change and before it acknowledges
/// it, and again whenever it is activated, so an acknowledged change is never missing from a projection even if
/// the silo dies between the state write and the projection. Projections therefore see the same revision more than
/// once and must be idempotent: bring the stored view up to <see cref="SubjectSnapshot.Revision"/>, ignore older.
/// </summary>
public interface ISubjectProjection
{
    /// <summary>Stores what this projection keeps of <paramref name="snapshot"/>; durable when the task completes.</summary>
    Task ProjectAsync(SubjectSnapshot snapshot, CancellationToken cancellationToken);
}
