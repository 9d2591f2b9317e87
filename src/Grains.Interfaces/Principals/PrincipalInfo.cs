using System.Collections.Immutable;

namespace JointPunishment.Grains.Interfaces.Principals;

/// <summary>A registered agency, court or feed consumer: its code, name, (for an agency) the measures it holds and (for a consumer) its role.</summary>
[GenerateSerializer, Immutable, Alias("jp.PrincipalInfo")]
public sealed record PrincipalInfo(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<string> Measures)
{
    /// <summary>A feed consumer's role; null for agencies and courts.</summary>
    [Id(4)] public ConsumerRole? ConsumerRole { get; init; }
}
