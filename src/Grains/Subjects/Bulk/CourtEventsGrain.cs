using System.Collections.Immutable;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Keys;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace JointPunishment.Grains.Subjects.Bulk;

/// <summary>
/// A court's request applied as a batch (<see cref="SubjectBatch"/>): where the silo has a bulk store and
/// <see cref="CourtBulkOptions.BulkWrites"/> is on, the subjects new to this node are planned with their grains' own rules
/// and written in one transaction with their projections and index names, so an import of new listings costs a
/// statement a page rather than a grain-state write and a projection batch a listing; every other subject (one with a
/// row, a reconsideration, an event refused on an empty state) goes to its grain as before. The caller records the
/// applied events (the gateway's audit and feed entries), as it does for its grains' answers.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class CourtEventsGrain(
    IGrainFactory grains,
    SubjectKeys keys,
    IOptions<CourtBulkOptions> options,
    IEnumerable<ISubjectBulkStore> bulkStores) : Grain, ICourtEventsGrain
{
    private readonly SubjectBatch _batch = new(grains, keys, options.Value.BulkWrites ? bulkStores.FirstOrDefault() : null);

    public async Task<ImmutableArray<ImmutableArray<EventOutcome>>> ApplyAsync(ImmutableArray<SubjectEvents> subjects)
    {
        List<(string Key, IReadOnlyList<CourtEvent> Events)> groups = [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subject in subjects)
        {
            GrainKeys.EnsurePrefixed(subject.SubjectKey, GrainKeys.SubjectPrefix);
            if (!seen.Add(subject.SubjectKey))
            {
                // One group a subject keeps its events in order; two could run at once.
                throw new ArgumentException($"subject {subject.SubjectKey} is named twice; send its events as one group", nameof(subjects));
            }

            groups.Add((subject.SubjectKey, subject.Events));
        }

        // The planning is CPU only (the states computed, serialized and sealed): off the activation's turn.
        var bulk = _batch.WritesInBulk
            ? await Task.Run(() => _batch.Plan(groups, new HashSet<string>(StringComparer.Ordinal), record: false))
            : null;
        var applied = await _batch.ApplyAsync(groups, bulk, CancellationToken.None);
        return [.. applied.Outcomes.Select(o => o.ToImmutableArray())];
    }
}
