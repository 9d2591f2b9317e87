using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Storage.Assistance;

/// <summary>
/// One assistance request as the two parties read it. <see cref="AgencySeq"/> is its position among the agency's
/// requests (gap-free, see <c>jp_assistance_counter</c>); <see cref="CourtSeq"/> orders the court's own list.
/// </summary>
public sealed record AssistanceRequest(
    string Id,
    long AgencySeq,
    long CourtSeq,
    string Court,
    string Agency,
    string CaseNumber,
    AssistanceKind Kind,
    SubjectRef Subject,
    string? Detail,
    DateTimeOffset RequestedAt,
    DateOnly DueOn,
    AssistanceAnswer? Answer);
