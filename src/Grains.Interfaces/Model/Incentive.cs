namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>A red-list entry (诚信典型, 五(三)) of a checked subject that nothing restricts: the agency may grant its incentives.</summary>
[GenerateSerializer, Immutable, Alias("jp.Incentive")]
public sealed record Incentive(
    [property: Id(0)] string Category,
    [property: Id(1)] string Basis);
