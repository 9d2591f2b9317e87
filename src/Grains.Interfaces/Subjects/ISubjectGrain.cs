using System.Collections.Immutable;
using JointPunishment.Grains.Interfaces.Model;
using Orleans.Concurrency;

namespace JointPunishment.Grains.Interfaces.Subjects;

/// <summary>
/// One debtor, officer or applicant: its cases, its links as officer of listed units, and the decisions
/// agencies get about it. The key is <c>subj:</c> plus a keyed hash of the identity (never the number itself).
/// </summary>
public interface ISubjectGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies a court's events for this subject in order; every applied one is durable when this returns, and a listed
    /// unit's officers already hold its update. Should that update not reach them, this throws although the events are
    /// stored: resent, they are duplicates, answered once the officers hold it.
    /// </summary>
    Task<ImmutableArray<EventOutcome>> ApplyAsync(ImmutableArray<CourtEvent> events);

    /// <summary>The decision for one measure (and action) today.</summary>
    [ReadOnly]
    Task<CheckResult> CheckAsync(CheckQuery query);

    /// <summary>This subject's own cases, for an applicant's check (+A measures).</summary>
    [ReadOnly]
    Task<ImmutableArray<Listing>> GetListingsAsync();

    /// <summary>Everything held on the subject, or null when no court ever named it.</summary>
    [ReadOnly]
    Task<SubjectView?> GetViewAsync();

    /// <summary>A listed unit's update of this subject's role as its officer (idempotent, versioned).</summary>
    Task ApplyOfficerLinkAsync(OfficerLink link);

    /// <summary>
    /// Records an agency's credit repair decision for its own domain (四(二)6), replacing that agency's earlier one.
    /// Refused while any listing of the subject is in force; durable (and in the feed) when this returns.
    /// </summary>
    Task<CreditRepairOutcome> RecordCreditRepairAsync(string agency, CreditRepairDecision decision, string? note, DateTimeOffset decidedAt);

    /// <summary>
    /// Refers an agency's objection to a measure (四(二)3 "由相关单位告知其向执行法院提出") to the court of every case of
    /// this subject in force; durable (and on the courts' objection lists) when this returns. Empty when no case is in
    /// force, and then nothing is stored.
    /// </summary>
    Task<ImmutableArray<ObjectionCase>> ReferObjectionAsync(Objection objection);

    /// <summary>
    /// Puts the subject on the red list (诚信典型, 五(三)), replacing an earlier entry; refused while a listing of the
    /// subject is in force. The subject is named in the index of restricted subjects first, so checks reach this grain
    /// for the incentives. Durable (and projected for the public query) when this returns.
    /// </summary>
    Task<RedListOutcome> AddToRedListAsync(SubjectRef subject, RedListEntry entry);

    /// <summary>Takes the subject off the red list (its exit: <c>removed</c>); false when it is not on it.</summary>
    Task<bool> RemoveFromRedListAsync(DateOnly today);

    /// <summary>The red-list entry, in force or with its exit; null when the subject never had one.</summary>
    [ReadOnly]
    Task<RedListEntry?> GetRedListAsync();

    /// <summary>
    /// Brings the projections up to the subject's stored state again, with no change of its own: for views that depend on
    /// something besides the subject's revision (a watchlist member added after the subject was listed, a retention
    /// running out on a date). Durable when this returns; nothing when no court ever named the subject.
    /// </summary>
    Task ReprojectAsync();
}
