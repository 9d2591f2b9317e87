using JointPunishment.Gateway.Validation;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Gateway.Wire;

/// <summary>The court view of a subject: every case with its history, officer links, suspensions and retentions.</summary>
public sealed record SubjectViewDto(SubjectDto Subject, IReadOnlyList<ListingDto> Listings, IReadOnlyList<OfficerLinkDto> OfficerOf)
{
    public static SubjectViewDto From(SubjectView view) => new(
        SubjectDto.From(view.Subject),
        [.. view.Listings.Select(ListingDto.From)],
        [.. view.OfficerOf.Select(l => new OfficerLinkDto(SubjectDto.From(l.Unit), WireNames.Of(l.Role), l.CaseNumber, l.Listing!.Court, WireNames.Of(l.Listing.Status)))]);
}

public sealed record SubjectDto(string IdType, string IdNumber, string Name)
{
    public static SubjectDto From(SubjectRef s) => new(SubjectReader.IdTypeWire(s.IdType), s.IdNumber, s.Name);
}

public sealed record OfficerDto(string Role, SubjectDto Subject);

public sealed record OfficerLinkDto(SubjectDto Unit, string Role, string CaseNumber, string Court, string Status);

public sealed record StatusChangeDto(string Event, DateOnly On, string EventId, string Status, string? Note);

public sealed record SuspensionDto(string? Measure, DateOnly Since);

public sealed record RetentionDto(string Measure, DateOnly Until, string Basis, DateOnly Since);

public sealed record ListingDto(
    string CaseNumber,
    string Court,
    string Status,
    DateOnly? ListedOn,
    bool Public,
    string? Obligation,
    DateOnly? CorrectionRequestedOn,
    DateOnly? PerformedOn,
    bool Wrongful,
    IReadOnlyList<OfficerDto> Officers,
    IReadOnlyList<SuspensionDto> Suspensions,
    IReadOnlyList<RetentionDto> Retentions,
    IReadOnlyList<StatusChangeDto> History)
{
    public static ListingDto From(Listing l) => new(
        l.CaseNumber, l.Court, WireNames.Of(l.Status), l.ListedOn, l.Public, l.Obligation, l.CorrectionRequestedOn, l.PerformedOn, l.Wrongful,
        [.. l.Officers.Select(o => new OfficerDto(WireNames.Of(o.Role), SubjectDto.From(o.Subject)))],
        [.. l.Suspensions.Select(s => new SuspensionDto(s.Measure, s.Since))],
        [.. l.Retentions.Select(r => new RetentionDto(r.Measure, r.Until, r.Basis, r.Since))],
        [.. l.History.Select(h => new StatusChangeDto(WireNames.Of(h.Event), h.On, h.EventId, WireNames.Of(h.StatusAfter), h.Note))]);
}
