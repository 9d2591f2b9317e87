using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Gateway.Wire;

/// <summary>The court view of a subject: every case with its history, officer links, suspensions and retentions.</summary>
public sealed record SubjectViewDto(
    SubjectDto Subject, IReadOnlyList<ListingDto> Listings, IReadOnlyList<OfficerLinkDto> OfficerOf, IReadOnlyList<CreditRepairDto> CreditRepairs)
{
    public static SubjectViewDto From(SubjectView view) => new(
        SubjectDto.From(view.Subject),
        [.. view.Listings.Select(ListingDto.From)],
        [.. view.OfficerOf.Select(l => new OfficerLinkDto(SubjectDto.From(l.Unit), WireNames.Of(l.Role), l.CaseNumber, l.Listing!.Court, WireNames.Of(l.Listing.Status)))],
        [.. view.CreditRepairs.Select(r => new CreditRepairDto(r.Agency, WireNames.Of(r.Decision), r.Note, r.DecidedAt))]);
}
