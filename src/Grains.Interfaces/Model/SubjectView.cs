using System.Collections.Immutable;

namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>Everything the platform holds on a subject, for courts and the operator.</summary>
[GenerateSerializer, Immutable, Alias("jp.SubjectView")]
public sealed record SubjectView(
    [property: Id(0)] SubjectRef Subject,
    [property: Id(1)] ImmutableArray<Listing> Listings,
    [property: Id(2)] ImmutableArray<OfficerLink> OfficerOf)
{
    /// <summary>Each agency's latest credit repair decision (四(二)6).</summary>
    [Id(3)] public ImmutableArray<CreditRepair> CreditRepairs { get; init; } = [];
}
