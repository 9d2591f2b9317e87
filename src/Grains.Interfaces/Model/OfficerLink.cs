namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>
/// A person's (or unit's) role as officer of a listed unit, with a copy of that unit's case. A unit grain
/// sends one whenever the case changes; the officer keeps the highest <see cref="Listing.Version"/>, so
/// retried or reordered deliveries cannot roll it back. <see cref="Listing"/> null means the link ended.
/// </summary>
[GenerateSerializer, Immutable, Alias("jp.OfficerLink")]
public sealed record OfficerLink(
    [property: Id(0)] SubjectRef Unit,
    [property: Id(1)] SubjectRole Role,
    [property: Id(2)] string CaseNumber,
    [property: Id(3)] int Version,
    [property: Id(4)] Listing? Listing,
    [property: Id(5)] SubjectRef Officer);
