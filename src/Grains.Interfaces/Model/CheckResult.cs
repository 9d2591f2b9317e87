using System.Collections.Immutable;

namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>The answer to a check: the strongest applicable decision and every measure that applies (empty for <c>allow</c>).</summary>
[GenerateSerializer, Immutable, Alias("jp.CheckResult")]
public sealed record CheckResult(
    [property: Id(0)] Decision Decision,
    [property: Id(1)] ImmutableArray<AppliedMeasure> Measures)
{
    public static readonly CheckResult Allow = new(Decision.Allow, []);
}
