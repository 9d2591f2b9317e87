using System.Collections.Immutable;

namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>The answer to a check: the strongest applicable decision and every measure that applies (empty for <c>allow</c>).</summary>
[GenerateSerializer, Immutable, Alias("jp.CheckResult")]
public sealed record CheckResult(
    [property: Id(0)] Decision Decision,
    [property: Id(1)] ImmutableArray<AppliedMeasure> Measures)
{
    public static readonly CheckResult Allow = new(Decision.Allow, []);

    /// <summary>
    /// Of an <c>allow</c>: the subject's red-list entry in force (诚信典型, 五(三)), for the agency's incentives; empty
    /// otherwise (a restricted subject gets none).
    /// </summary>
    public ImmutableArray<Incentive> Incentives { get => _incentives.IsDefault ? [] : _incentives; init => _incentives = value; }

    // From a silo without the red list the deserializer leaves it default, read as empty.
    [Id(2)] private readonly ImmutableArray<Incentive> _incentives = [];
}
