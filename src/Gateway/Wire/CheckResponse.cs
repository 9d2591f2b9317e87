using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Gateway.Wire;

/// <summary>A check's answer; <c>incentives</c>: a red-listed subject's (五(三)) when nothing restricts it, absent otherwise.</summary>
public sealed record CheckResponse(string CheckId, string Decision, IReadOnlyList<AppliedMeasureDto> Measures, IReadOnlyList<IncentiveDto>? Incentives = null)
{
    public static CheckResponse From(string checkId, CheckResult result) =>
        new(checkId, WireNames.Of(result.Decision), AppliedMeasureDto.From(result), IncentiveDto.From(result));
}
