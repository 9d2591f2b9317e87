namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>One applied event in a case's history.</summary>
[GenerateSerializer, Immutable, Alias("jp.StatusChange")]
public sealed record StatusChange(
    [property: Id(0)] CourtEventType Event,
    [property: Id(1)] DateOnly On,
    [property: Id(2)] string EventId,
    [property: Id(3)] ListingStatus StatusAfter,
    [property: Id(4)] string? Note);
