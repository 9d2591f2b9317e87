using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Gateway.Wire;

public sealed record AppliedMeasureDto(string Code, string Effect, IReadOnlyList<BasisDto> Basis)
{
    public static IReadOnlyList<AppliedMeasureDto> From(CheckResult result) => result.Measures.IsEmpty
        ? []
        : [.. result.Measures.Select(m => new AppliedMeasureDto(m.Code, WireNames.Of(m.Effect),
            [.. m.Basis.Select(b => new BasisDto(b.CaseNumber, b.Court, WireNames.Of(b.As)))]))];
}
