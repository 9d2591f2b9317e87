using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Gateway.Wire;

/// <summary>A red-list entry in a check's answer: <c>{ "category", "basis" }</c> (CONTRACT "Red list").</summary>
public sealed record IncentiveDto(string Category, string Basis)
{
    /// <summary>The result's incentives, or null (left out of the JSON) when it has none.</summary>
    public static IReadOnlyList<IncentiveDto>? From(CheckResult result) => result.Incentives.IsEmpty
        ? null
        : [.. result.Incentives.Select(i => new IncentiveDto(i.Category, i.Basis))];
}
