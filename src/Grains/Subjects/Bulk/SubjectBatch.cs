using System.Collections.Immutable;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Keys;

namespace JointPunishment.Grains.Subjects.Bulk;

/// <summary>
/// Applies a batch of court events grouped by subject (each subject's in order): the subjects new to this node written
/// in bulk (<see cref="SubjectBulkApply"/>, <see cref="ISubjectBulkStore"/>) when a store is given, the others one call
/// to each subject's grain, different subjects at the same time. The follower applies its pages this way, and a court's
/// request too (<see cref="CourtEventsGrain"/>). Uses the runtime's grain factory, so it may run off a grain's turn.
/// </summary>
public sealed class SubjectBatch(IGrainFactory grains, SubjectKeys keys, ISubjectBulkStore? store)
{
    /// <summary>Whether subjects new to this node are written in bulk (a store was given).</summary>
    public bool WritesInBulk => store is not null;

    /// <summary>
    /// The bulk part of <paramref name="groups"/> (CPU only, so it may be prepared ahead): the subjects new to this node
    /// planned and their write prepared; <paramref name="perGrain"/> (which it adds to) those left to their grains. With
    /// <paramref name="record"/>, the write puts every event of the bulk subjects on this node's record and feed as
    /// followed events (<see cref="Federation.IFollowedEventLog"/>); without, the caller records them. Null without a store.
    /// </summary>
    public BulkPart? Plan(IReadOnlyList<(string Key, IReadOnlyList<CourtEvent> Events)> groups, HashSet<string> perGrain, bool record)
    {
        if (store is null)
        {
            return null;
        }

        var plan = SubjectBulkApply.PlanFor(groups, perGrain, keys);
        if (plan.States.Count == 0)
        {
            return new BulkPart(perGrain, [], plan.Outcomes, record, null);
        }

        // A bulk subject's events are all applied (or duplicates within the batch), in order.
        var applied = record ? groups.Where(g => plan.Outcomes.ContainsKey(g.Key)).SelectMany(g => g.Events.Select(e => (g.Key, e))).ToList() : [];
        var subjects = plan.States.Select(s => new NewSubjectState(grains.GetGrain<ISubjectGrain>(s.Key).GetGrainId(), s.Key, s.Value)).ToList();
        return new BulkPart(perGrain, [.. plan.States.Keys], plan.Outcomes, record, store.Prepare(subjects, applied));
    }

    /// <summary>
    /// Applies <paramref name="groups"/>: <paramref name="bulk"/> (from <see cref="Plan"/> of the same groups; null: all
    /// through their grains) first, then the rest through their grains. Answers each group's outcomes, in the groups'
    /// order, and which subjects were written in bulk.
    /// </summary>
    public async Task<Applied> ApplyAsync(
        IReadOnlyList<(string Key, IReadOnlyList<CourtEvent> Events)> groups, BulkPart? bulk, CancellationToken cancellationToken) =>
        await ApplyRestAsync(groups, await WriteBulkAsync(groups, bulk, cancellationToken));

    /// <summary>
    /// The first half of <see cref="ApplyAsync"/>: writes <paramref name="bulk"/> (planned from <paramref name="groups"/>;
    /// null: nothing to write) and answers the part written, for <see cref="ApplyRestAsync"/>.
    /// </summary>
    public async Task<BulkPart?> WriteBulkAsync(
        IReadOnlyList<(string Key, IReadOnlyList<CourtEvent> Events)> groups, BulkPart? bulk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return bulk is null ? null : await WriteInBulkAsync(groups, bulk, cancellationToken);
    }

    /// <summary>
    /// The second half of <see cref="ApplyAsync"/>: the subjects <paramref name="written"/> (from
    /// <see cref="WriteBulkAsync"/>; null: none) did not write, through their grains.
    /// </summary>
    public async Task<Applied> ApplyRestAsync(IReadOnlyList<(string Key, IReadOnlyList<CourtEvent> Events)> groups, BulkPart? written)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var outcomes = await Task.WhenAll(groups.Select(async group =>
            written is not null && written.Outcomes.TryGetValue(group.Key, out var inBulk)
                ? (IReadOnlyList<EventOutcome>)inBulk
                : await grains.GetGrain<ISubjectGrain>(group.Key).ApplyAsync([.. group.Events])));
        return new Applied(outcomes, written is null ? [] : [.. written.Outcomes.Keys], written?.Events ?? 0);
    }

    /// <summary>
    /// Every subject a batch may write: its groups' subjects and the officers its events name (which include every
    /// officer its bulk part writes a link to). A batch written beside it (its bulk write at the same time) must leave
    /// these to their grains, so that no subject is written by two transactions at once and each subject's events keep
    /// their order.
    /// </summary>
    public HashSet<string> Touched(IReadOnlyList<(string Key, IReadOnlyList<CourtEvent> Events)> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var touched = new HashSet<string>(groups.Select(g => g.Key), StringComparer.Ordinal);
        touched.UnionWith(groups.SelectMany(g => g.Events).SelectMany(e => e.Officers).Select(o => keys.For(o.Subject)));
        return touched;
    }

    /// <summary>
    /// The bulk write: the subjects new to this node in one transaction, after naming them in the index; answers the
    /// part written (its outcomes those of the subjects written). A subject found to have rows already (a grain wrote
    /// them first) is left to its grain and the rest planned and written again. A batch applied again (after a crash,
    /// or a court's retry) finds its bulk subjects' rows and leaves them to their grains, which answer <c>duplicate</c>.
    /// </summary>
    private async Task<BulkPart> WriteInBulkAsync(
        IReadOnlyList<(string Key, IReadOnlyList<CourtEvent> Events)> groups, BulkPart bulk, CancellationToken cancellationToken)
    {
        while (bulk.Write is { } write)
        {
            // Named in the index before the rows are committed, as a grain names a subject before it stores a change:
            // the store runs its transaction meanwhile and commits only once the index holds them.
            var naming = RestrictedIndex.AddAsync(grains, bulk.Keys.Select(SubjectKeys.HashOf));
            var existing = await Task.Run(() => write.WriteAsync(naming, cancellationToken), cancellationToken);
            if (existing.Count == 0)
            {
                return bulk;
            }

            bulk.PerGrain.UnionWith(existing);
            var again = bulk;
            bulk = await Task.Run(() => Plan(groups, again.PerGrain, again.Record)!, cancellationToken);
        }

        // Nothing written in bulk: every subject goes to its grain.
        return bulk with { Outcomes = [] };
    }

    /// <summary>
    /// The subjects a batch writes in bulk (<see cref="Keys"/>, their <see cref="Outcomes"/>, <see cref="Write"/>
    /// prepared; none: null) and those it leaves to their grains.
    /// </summary>
    public sealed record BulkPart(HashSet<string> PerGrain, string[] Keys, Dictionary<string, List<EventOutcome>> Outcomes, bool Record, IPreparedSubjectWrite? Write)
    {
        /// <summary>The events the bulk write carries.</summary>
        public long Events => Outcomes.Values.Sum(o => (long)o.Count);
    }

    /// <summary>Each group's outcomes in the groups' order, the subjects whose events were written in bulk, and how many events that was.</summary>
    public sealed record Applied(IReadOnlyList<EventOutcome>[] Outcomes, ImmutableHashSet<string> InBulk, long EventsInBulk);
}
