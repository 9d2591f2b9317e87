namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>A measure kept in force after delisting on an explicit legal basis, through <see cref="Until"/> inclusive (四(二)5).</summary>
[GenerateSerializer, Immutable, Alias("jp.Retention")]
public sealed record Retention(
    [property: Id(0)] string Measure,
    [property: Id(1)] DateOnly Until,
    [property: Id(2)] string Basis,
    [property: Id(3)] DateOnly Since);
