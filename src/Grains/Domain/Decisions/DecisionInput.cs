using System.Collections.Immutable;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Domain.Decisions;

/// <summary>Everything a decision depends on: the subject's own cases, its officer links, and the cases of an applicant's related persons.</summary>
public sealed record DecisionInput(
    bool SubjectIsPerson,
    ImmutableArray<Listing> OwnListings,
    ImmutableArray<OfficerLink> OfficerLinks,
    ImmutableArray<RelatedListings> Related);
