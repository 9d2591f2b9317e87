using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Keys;
using JointPunishment.Grains.Subjects;

namespace JointPunishment.Grains.Subjects.Bulk;

/// <summary>
/// The follower's bulk path for subjects new to this node (issue 23 item 4): their first states computed here with the
/// grain's own rules (<see cref="SubjectChanges"/>) as if each subject's grain had applied its events of the page, a
/// unit's officers their links, and then written in one transaction (<see cref="ISubjectBulkStore"/>) instead of a
/// storage read, a write and a projection batch per grain. A subject is left to its grain (the per-grain path) when the
/// bulk path cannot do exactly what the grain would: it has a row already, it needs another grain (the higher court of
/// a reconsideration), an event of it is refused on an empty state, or it is a unit whose officer is left to its grain.
/// </summary>
public static class SubjectBulkApply
{
    /// <summary>
    /// The states of the subjects of <paramref name="groups"/> (each subject's events in feed order) not in
    /// <paramref name="perGrain"/>, with the officers they link; adds to <paramref name="perGrain"/> the subjects that
    /// must go through their grains after all.
    /// </summary>
    public static Plan PlanFor(IReadOnlyList<(string Key, IReadOnlyList<CourtEvent> Events)> groups, ISet<string> perGrain, SubjectKeys keys)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(perGrain);
        while (true)
        {
            var plan = new Plan();
            foreach (var (key, events) in groups)
            {
                if (perGrain.Contains(key))
                {
                    continue;
                }

                if (!TryApply(events, keys, out var state, out var outcomes))
                {
                    perGrain.Add(key);
                    continue;
                }

                plan.Outcomes[key] = outcomes;
                if (state.AppliedEvents.Count > 0)
                {
                    plan.States[key] = state;
                }
            }

            // A unit's officers take its links as their grains would (each link a change of its own); a unit whose
            // officer is left to its grain is left to its grain too, and the plan is made again without it.
            var leftToGrains = plan.States
                .Where(s => s.Value.Outbox.Values.Any(p => perGrain.Contains(p.OfficerKey)))
                .Select(s => s.Key).ToList();
            if (leftToGrains.Count > 0)
            {
                perGrain.UnionWith(leftToGrains);
                continue;
            }

            foreach (var (_, unit) in plan.States.Where(s => s.Value.Outbox.Count > 0).OrderBy(s => s.Key, StringComparer.Ordinal).ToList())
            {
                foreach (var pending in unit.Outbox.Values)
                {
                    if (!plan.States.TryGetValue(pending.OfficerKey, out var officer))
                    {
                        plan.States[pending.OfficerKey] = officer = new SubjectState();
                    }

                    if (SubjectChanges.ApplyOfficerLink(officer, pending.Link))
                    {
                        officer.Revision++;
                    }
                }

                unit.Outbox.Clear();
            }

            // The bulk store writes these states and their projections in one transaction, or nothing.
            foreach (var state in plan.States.Values)
            {
                state.ProjectedRevision = state.Revision;
            }

            return plan;
        }
    }

    /// <summary>
    /// Applies a new subject's events to an empty state; false when one needs another grain (a reconsideration's higher
    /// court) or is refused: refused on an empty state, it may be an event of a subject this node knows already (its case
    /// held in a row the plan cannot see), which only its grain can judge.
    /// </summary>
    private static bool TryApply(IReadOnlyList<CourtEvent> events, SubjectKeys keys, out SubjectState state, out List<EventOutcome> outcomes)
    {
        state = new SubjectState();
        outcomes = new List<EventOutcome>(events.Count);
        foreach (var e in events)
        {
            if (SubjectChanges.NeedsHigherCourt(state, e, out _))
            {
                return false;
            }

            var outcome = SubjectChanges.Apply(state, e, higherCourt: null, keys);
            if (outcome.Status == EventStatus.Rejected)
            {
                return false;
            }

            outcomes.Add(outcome);
        }

        if (state.AppliedEvents.Count > 0)
        {
            // One change per call, as the grain's ApplyAsync makes it; named in the index with it.
            state.Indexed = true;
            state.Revision = 1;
        }

        return true;
    }

    /// <summary>What the bulk path writes: the states by subject key, and each bulk subject's outcomes (applied or duplicate) in its events' order.</summary>
    public sealed class Plan
    {
        public Dictionary<string, SubjectState> States { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<EventOutcome>> Outcomes { get; } = new(StringComparer.Ordinal);
    }
}
