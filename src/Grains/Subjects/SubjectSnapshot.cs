using System.Collections.Immutable;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Subjects;

/// <summary>A subject's whole state at one revision, as handed to <see cref="ISubjectProjection"/>s.</summary>
/// <param name="SubjectKey">The grain key (<c>subj:</c> + keyed hash); never the identity number.</param>
/// <param name="Revision">Grows by one with every persisted change of the subject.</param>
/// <param name="Subject">The identity as the court last sent it (clear number: projections must mask or protect it).</param>
/// <param name="Listings">The subject's own cases.</param>
/// <param name="OfficerLinks">Its links as officer of listed units (ended links have a null listing).</param>
public sealed record SubjectSnapshot(
    string SubjectKey,
    long Revision,
    SubjectRef Subject,
    ImmutableArray<Listing> Listings,
    ImmutableArray<OfficerLink> OfficerLinks)
{
    /// <summary>Each agency's latest credit repair decision (四(二)6).</summary>
    public ImmutableArray<CreditRepair> CreditRepairs { get; init; } = [];

    /// <summary>The red-list entry (诚信典型, 五(三)), in force or with its exit; null when the subject never had one.</summary>
    public RedListEntry? RedList { get; init; }

    /// <summary>
    /// True when the subject did not change and is projected again only because who watches it did (a watchlist member
    /// added, a retention running out: <see cref="Interfaces.Subjects.ISubjectGrain.ReprojectAsync"/>). Projections of
    /// the subject's own state have it already and may skip such a snapshot; watchlists must not.
    /// </summary>
    public bool ForWatchers { get; init; }
}
