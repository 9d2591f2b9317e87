using System.Collections.Immutable;

namespace JointPunishment.Grains.Interfaces.Principals;

/// <summary>A registered agency, court or feed consumer: its code, name, (for an agency) the measures it holds, (for a court) its higher court and (for a consumer) its role.</summary>
[GenerateSerializer, Immutable, Alias("jp.PrincipalInfo")]
public sealed record PrincipalInfo(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<string> Measures)
{
    /// <summary>For a court: the court that hears reconsideration of its dismissals (四(二)3), when registered with one.</summary>
    [Id(3)] public string? HigherCourt { get; init; }
    /// <summary>A feed consumer's role; null for agencies and courts.</summary>
    [Id(4)] public ConsumerRole? ConsumerRole { get; init; }
}
