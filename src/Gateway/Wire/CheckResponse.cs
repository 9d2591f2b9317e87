using System.Text.Json.Serialization;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Gateway.Wire;

public sealed record CheckResponse(string CheckId, string Decision, IReadOnlyList<AppliedMeasureDto> Measures)
{
    public static CheckResponse From(string checkId, CheckResult result) =>
        new(checkId, WireNames.Of(result.Decision), AppliedMeasureDto.From(result));
}

public sealed record AppliedMeasureDto(string Code, string Effect, IReadOnlyList<BasisDto> Basis)
{
    public static IReadOnlyList<AppliedMeasureDto> From(CheckResult result) =>
        [.. result.Measures.Select(m => new AppliedMeasureDto(m.Code, WireNames.Of(m.Effect),
            [.. m.Basis.Select(b => new BasisDto(b.CaseNumber, b.Court, WireNames.Of(b.As)))]))];
}

public sealed record BasisDto(string CaseNumber, string Court, [property: JsonPropertyName("as")] string As);
