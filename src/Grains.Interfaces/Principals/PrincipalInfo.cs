using System.Collections.Immutable;

namespace JointPunishment.Grains.Interfaces.Principals;

/// <summary>A registered agency or court: its code, name, (for an agency) the measures it holds and (for a court) its higher court.</summary>
[GenerateSerializer, Immutable, Alias("jp.PrincipalInfo")]
public sealed record PrincipalInfo(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<string> Measures)
{
    /// <summary>For a court: the court that hears reconsideration of its dismissals (四(二)3), when registered with one.</summary>
    [Id(3)] public string? HigherCourt { get; init; }
}
