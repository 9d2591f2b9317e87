using System.Collections.Immutable;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Domain.Decisions;

/// <summary>An applicant's related person (role given by the agency) and that person's own cases.</summary>
public sealed record RelatedListings(SubjectRole Role, ImmutableArray<Listing> Listings);
