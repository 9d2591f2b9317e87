using System.Collections.Concurrent;
using JointPunishment.Grains.Subjects;

namespace JointPunishment.Grains.Tests;

/// <summary>
/// A projection that keeps the newest snapshot per subject, holds what it kept (<see cref="HoldsAsync"/>), counts what
/// it was given, and can be made to fail like an unreachable database or to lose a subject like a silo that died
/// between a state write and its projection.
/// </summary>
public sealed class RecordingProjection : ISubjectProjection
{
    private readonly ConcurrentDictionary<string, SubjectSnapshot> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _projected = new(StringComparer.Ordinal);

    public volatile bool Failing;

    public SubjectSnapshot? Latest(string subjectKey) => _latest.GetValueOrDefault(subjectKey);

    /// <summary>How many snapshots of the subject were projected.</summary>
    public int Projected(string subjectKey) => _projected.GetValueOrDefault(subjectKey);

    /// <summary>Forgets the subject's snapshot, as if its last change never reached the projection.</summary>
    public void Forget(string subjectKey) => _latest.TryRemove(subjectKey, out _);

    public Task ProjectAsync(SubjectSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (Failing)
        {
            throw new InvalidOperationException("projection store unavailable (test fault)");
        }

        _latest.AddOrUpdate(snapshot.SubjectKey, snapshot, (_, known) => known.Revision >= snapshot.Revision ? known : snapshot);
        _projected.AddOrUpdate(snapshot.SubjectKey, 1, (_, count) => count + 1);
        return Task.CompletedTask;
    }

    public Task<bool> HoldsAsync(string subjectKey, long revision, CancellationToken cancellationToken) =>
        Failing
            ? throw new InvalidOperationException("projection store unavailable (test fault)")
            : Task.FromResult(_latest.TryGetValue(subjectKey, out var known) && known.Revision >= revision);
}
