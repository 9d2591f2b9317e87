using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Gateway.Wire;

/// <summary>
/// One case in the court's subject view. <c>riskNoticeMissing</c>: true when no risk notice preceded the listing
/// (四(二)3), false when one did; absent for a listing recorded before the platform checked (unknown).
/// </summary>
public sealed record ListingDto(
    string CaseNumber,
    string Court,
    string Status,
    DateOnly? ListedOn,
    DateOnly? ServedOn,
    bool Public,
    string? Obligation,
    DateOnly? CorrectionRequestedOn,
    DateOnly? PerformedOn,
    bool Wrongful,
    bool? RiskNoticeMissing,
    IReadOnlyList<OfficerDto> Officers,
    IReadOnlyList<SuspensionDto> Suspensions,
    IReadOnlyList<RetentionDto> Retentions,
    IReadOnlyList<StatusChangeDto> History,
    DateOnly? CorrectionDismissedOn,
    ReconsiderationDto? Reconsideration,
    IReadOnlyList<ObjectionDto> Objections)
{
    public static ListingDto From(Listing l) => new(
        l.CaseNumber, l.Court, WireNames.Of(l.Status), l.ListedOn, l.ServedOn, l.Public, l.Obligation, l.CorrectionRequestedOn, l.PerformedOn, l.Wrongful,
        l.RiskNoticeMissing,
        [.. l.Officers.Select(o => new OfficerDto(WireNames.Of(o.Role), SubjectDto.From(o.Subject)))],
        [.. l.Suspensions.Select(s => new SuspensionDto(s.Measure, s.Since))],
        [.. l.Retentions.Select(r => new RetentionDto(r.Measure, r.Until, r.Basis, r.Since))],
        [.. l.History.Select(h => new StatusChangeDto(WireNames.Of(h.Event), h.On, h.EventId, WireNames.Of(h.StatusAfter), h.Note))],
        l.CorrectionDismissedOn,
        ReconsiderationDto.From(l.Reconsideration),
        [.. l.Objections.Select(ObjectionDto.From)]);
}
