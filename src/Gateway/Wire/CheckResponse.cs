using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Gateway.Wire;

public sealed record CheckResponse(string CheckId, string Decision, IReadOnlyList<AppliedMeasureDto> Measures)
{
    public static CheckResponse From(string checkId, CheckResult result) =>
        new(checkId, WireNames.Of(result.Decision), AppliedMeasureDto.From(result));
}
