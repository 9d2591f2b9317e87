using JointPunishment.Grains.Domain.Lifecycle;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Keys;

namespace JointPunishment.Grains.Subjects;

/// <summary>
/// What a subject's events and officer links do to its <see cref="SubjectState"/>, with no grain, storage or I/O: the
/// subject grain applies them one call at a time, and the follower's bulk path (<see cref="Bulk.SubjectBulkApply"/>)
/// applies them to the states of subjects it writes itself, so both keep one set of rules.
/// </summary>
public static class SubjectChanges
{
    /// <summary>What marks an event as applied (<see cref="SubjectState.AppliedEvents"/>).</summary>
    public static string EventKey(CourtEvent e) => $"{e.Court}\n{e.EventId}";

    /// <summary>Whether applying <paramref name="e"/> needs the listing court's higher court (a reconsideration of a case held).</summary>
    public static bool NeedsHigherCourt(SubjectState state, CourtEvent e, out Listing? current) =>
        state.Listings.TryGetValue(e.CaseNumber, out current)
        && !state.AppliedEvents.Contains(EventKey(e))
        && ListingLifecycle.IsReconsideration(e.Type);

    /// <summary>
    /// Applies one court event: a duplicate or a rejection changes nothing; an applied event updates the listing, the
    /// red list's exit, the applied events and the officers' outbox. <paramref name="higherCourt"/> is the listing court's
    /// higher court where <see cref="NeedsHigherCourt"/> says so, otherwise null.
    /// </summary>
    public static EventOutcome Apply(SubjectState state, CourtEvent e, string? higherCourt, SubjectKeys keys)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(e);
        var eventKey = EventKey(e);
        if (state.AppliedEvents.Contains(eventKey))
        {
            return EventOutcome.Duplicate;
        }

        state.Listings.TryGetValue(e.CaseNumber, out var current);
        var result = ListingLifecycle.Apply(current, e, higherCourt);
        if (result.IsRejected)
        {
            return EventOutcome.Rejected(result.Rejection!);
        }

        var next = result.Listing!;
        state.Subject = e.Subject;
        state.Listings[e.CaseNumber] = next;
        ExitRedListIfListed(state, next);
        state.AppliedEvents.Add(eventKey);
        EnqueueOfficerLinks(state, keys, e.Subject, current, next);
        return EventOutcome.Applied;
    }

    /// <summary>Takes a unit's update as its officer; false when this link's version is already held (nothing changes).</summary>
    public static bool ApplyOfficerLink(SubjectState state, OfficerLink link)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(link);
        var key = $"{IdentityKey(link.Unit)}|{link.CaseNumber}|{link.Role}";
        if (state.OfficerLinks.TryGetValue(key, out var known) && known.Version >= link.Version)
        {
            return false;
        }

        state.Subject ??= link.Officer;
        state.OfficerLinks[key] = link;

        // The unit put this officer into the index before it stored the link to deliver, so no second add.
        state.Indexed = true;
        return true;
    }

    /// <summary>The state as handed to projections (<see cref="ISubjectProjection"/>); null before the first change.</summary>
    public static SubjectSnapshot? Snapshot(string subjectKey, SubjectState state, bool forWatchers)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Subject is null || state.Revision == 0
            ? null
            : new SubjectSnapshot(subjectKey, state.Revision, state.Subject, [.. state.Listings.Values], [.. state.OfficerLinks.Values])
            {
                CreditRepairs = [.. state.CreditRepairs.Values],
                RedList = state.RedList,
                ForWatchers = forWatchers,
            };
    }

    /// <summary>
    /// The red list's exit mechanism (五(三)): a subject listed as a dishonest debtor leaves it at once, in the same
    /// change that stores the listing, with the case as its reason.
    /// </summary>
    private static void ExitRedListIfListed(SubjectState state, Listing listing)
    {
        if (listing.Status == ListingStatus.Listed && state.RedList is { ExitedOn: null } entry)
        {
            state.RedList = entry with { ExitedOn = listing.ListedOn ?? entry.Since, ExitReason = $"listed: {listing.CaseNumber}" };
        }
    }

    private static void EnqueueOfficerLinks(SubjectState state, SubjectKeys keys, SubjectRef unit, Listing? before, Listing after)
    {
        var previous = before?.Officers ?? [];
        if (previous.IsEmpty && after.Officers.IsEmpty)
        {
            return;
        }

        // The officer's copy needs the case's status, suspensions and retentions, not its history or officer list.
        var snapshot = after with { Officers = [], History = [], Objections = [] };
        foreach (var officer in after.Officers)
        {
            Enqueue(new OfficerLink(unit, officer.Role, after.CaseNumber, after.Version, snapshot, officer.Subject));
        }

        foreach (var dropped in previous.Where(o => !after.Officers.Contains(o)))
        {
            Enqueue(new OfficerLink(unit, dropped.Role, after.CaseNumber, after.Version, null, dropped.Subject));
        }

        void Enqueue(OfficerLink link)
        {
            var officerKey = keys.For(link.Officer);
            state.Outbox[$"{officerKey}|{link.CaseNumber}|{link.Role}"] = new PendingOfficerLink(officerKey, link);
        }
    }

    private static string IdentityKey(SubjectRef subject) => $"{subject.IdType}:{subject.IdNumber}";
}
