using System.Collections.Concurrent;
using JointPunishment.Grains.Subjects;

namespace JointPunishment.Grains.Tests;

/// <summary>A projection that keeps the newest snapshot per subject, and can be made to fail like an unreachable database.</summary>
public sealed class RecordingProjection : ISubjectProjection
{
    private readonly ConcurrentDictionary<string, SubjectSnapshot> _latest = new(StringComparer.Ordinal);

    public volatile bool Failing;

    public SubjectSnapshot? Latest(string subjectKey) => _latest.GetValueOrDefault(subjectKey);

    public Task ProjectAsync(SubjectSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (Failing)
        {
            throw new InvalidOperationException("projection store unavailable (test fault)");
        }

        _latest.AddOrUpdate(snapshot.SubjectKey, snapshot, (_, known) => known.Revision >= snapshot.Revision ? known : snapshot);
        return Task.CompletedTask;
    }
}
