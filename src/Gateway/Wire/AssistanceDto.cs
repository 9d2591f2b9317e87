using JointPunishment.Storage.Assistance;

namespace JointPunishment.Gateway.Wire;

/// <summary>
/// An assistance request (协助执行) as its two parties read it (<c>GET /v1/assistance/{id}</c>, the lists, and the
/// <c>data</c> of an <c>assistance.requested</c> webhook message): <c>status</c> is <c>open</c> or <c>answered</c>.
/// </summary>
public sealed record AssistanceDto(
    string Id,
    string CaseNumber,
    string Court,
    string Agency,
    string Kind,
    SubjectDto Subject,
    string? Detail,
    DateTimeOffset RequestedAt,
    DateOnly DueOn,
    string Status,
    AssistanceAnswerDto? Answer)
{
    public const string Open = "open";
    public const string Answered = "answered";

    public static AssistanceDto From(AssistanceRequest r) => new(
        r.Id, r.CaseNumber, r.Court, r.Agency, WireNames.Of(r.Kind), SubjectDto.From(r.Subject), r.Detail, r.RequestedAt, r.DueOn,
        r.Answer is null ? Open : Answered,
        r.Answer is { } a ? new AssistanceAnswerDto(WireNames.Of(a.Outcome), a.Detail, a.At) : null);
}
