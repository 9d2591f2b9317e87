using System.Collections.Immutable;

namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>A measure that applies to the subject, with every case it applies on.</summary>
[GenerateSerializer, Immutable, Alias("jp.AppliedMeasure")]
public sealed record AppliedMeasure(
    [property: Id(0)] string Code,
    [property: Id(1)] Effect Effect,
    [property: Id(2)] ImmutableArray<Basis> Basis);
