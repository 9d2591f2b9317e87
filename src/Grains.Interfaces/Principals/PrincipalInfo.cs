using System.Collections.Immutable;

namespace JointPunishment.Grains.Interfaces.Principals;

/// <summary>A registered agency or court: its code, name and (for an agency) the measures it holds.</summary>
[GenerateSerializer, Immutable, Alias("jp.PrincipalInfo")]
public sealed record PrincipalInfo(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<string> Measures);
