using System.Text.Json.Serialization;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Domain.Accountability;
using JointPunishment.Grains.Wire.Records;
using JointPunishment.Storage.Accountability;
using JointPunishment.Storage.Assistance;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// The accountability ledger of an agency (四(三) 自动反馈, 四(四) 责任清单): what it checked and hit, what it reported
/// back, its failures to punish (feedback <c>served</c> on a <c>block</c> check, and justified complaints, 四(二)8),
/// the notices and interviews the leading group issued, and the consequences that follow.
/// </summary>
public static class LedgerApi
{
    public const int MaxReason = 2000;

    public static RouteGroupBuilder MapLedgerApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/agencies/{code}").WithTags("Accountability");
        group.MapGet("/ledger", GetLedgerAsync).RequireCaller(CallerRole.Operator, CallerRole.Agency)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetLedger").WithSummary("An agency's checks, hits, feedback, failures to punish, notices and consequences (operator, or the agency itself).");
        group.MapPost("/notices", PostNoticeAsync).RequireCaller(CallerRole.Operator)
            .AcceptsJson<NoticeBody>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("PostNotice").WithSummary("Issues a notice (通报) or an interview (约谈, kind \"interview\") to an agency (四(四)).");
        return group;
    }

    /// <summary>A notice (通报) or interview (约谈) the leading group issues to an agency (四(四)).</summary>
    public sealed record NoticeBody
    {
        /// <summary>Why it is issued.</summary>
        [Required]
        [MaxLength(MaxReason)]
        public required string Reason { get; init; }

        /// <summary><c>notice</c> (the default) or <c>interview</c>.</summary>
        [AllowedValues("notice", "interview")]
        public string? Kind { get; init; }
    }

    public sealed record FeedbackCounts(long Refused, long Served, long Reviewed);

    public sealed record FailureCounts(long ServedOnBlock, long JustifiedComplaints);

    /// <summary>
    /// One consequence with its period. <c>code</c>, <c>ref</c>, <c>since</c> and <c>until</c> are the original fields;
    /// <c>kind</c> (the same name as <c>code</c>), <c>from</c> (the CST date of <c>since</c>), <c>year</c> (the assessment
    /// year of a <c>performance_deduction</c>) and <c>active</c> (in force today, CST) were added beside them.
    /// <c>until</c> is always written: null means the text sets no end.
    /// </summary>
    public sealed record ConsequenceDto(
        string Kind,
        string Code,
        string Ref,
        DateOnly From,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateOnly? Until,
        int? Year,
        DateTimeOffset Since,
        bool Active);

    public sealed record NoticeDto(long Id, string Kind, string Reason, DateTimeOffset IssuedAt);

    /// <summary>
    /// The ledger. <c>consequences</c> names each consequence kind the agency incurred once (CONTRACT.md), whether or not
    /// it is still in force; <c>consequenceDetails</c> has the periods. <c>assistanceOverdue</c>: the courts' assistance
    /// requests (协助执行) to the agency unanswered after their due date, today (CST).
    /// </summary>
    public sealed record LedgerDto(
        string Agency,
        long Checks,
        long Hits,
        FeedbackCounts Feedback,
        long FailuresToPunish,
        FailureCounts Failures,
        int Notices,
        int Interviews,
        IReadOnlyList<string> Consequences,
        IReadOnlyList<ConsequenceDto> ConsequenceDetails,
        IReadOnlyList<NoticeDto> History,
        long AssistanceOverdue);

    private static async Task<Results<Ok<LedgerDto>, ProblemHttpResult>> GetLedgerAsync(
        string code, HttpContext http, IGrainFactory grains, LedgerStore store, AssistanceStore assistance, TimeProvider time)
    {
        var caller = http.Caller();
        if (caller.Role == CallerRole.Agency && caller.Code != code)
        {
            return Problems.Forbidden("An agency may read only its own ledger.");
        }

        if (!await RegisteredAgencies.ExistsAsync(grains, code))
        {
            return Problems.NotFound($"No agency is registered with code '{code}'.");
        }

        var record = await store.ReadAsync(code, http.RequestAborted);
        var notices = record.Notices.Where(n => n.Kind == NoticeKind.Notice).Select(n => n.IssuedAt).ToArray();
        var consequences = AgencyConsequences.For(notices, record.FirstFailureAfterLastInterview);
        var today = time.Today();
        var assistanceOverdue = (await assistance.CountOverdueAsync(code, today, http.RequestAborted)).GetValueOrDefault(code);
        return TypedResults.Ok(new LedgerDto(
            code,
            record.Checks,
            record.Hits,
            new FeedbackCounts(record.Refused, record.Served, record.Reviewed),
            record.ServedOnBlock + record.JustifiedComplaints,
            new FailureCounts(record.ServedOnBlock, record.JustifiedComplaints),
            notices.Length,
            record.Notices.Count(n => n.Kind == NoticeKind.Interview),
            [.. consequences.Select(c => c.Code).Distinct()],
            [.. consequences.Select(c => new ConsequenceDto(c.Code, c.Code, c.PolicyRef, c.From, c.Until, c.Year, c.Since, c.InForceOn(today)))],
            [.. record.Notices.Select(ToDto)],
            assistanceOverdue));
    }

    private static async Task<Results<Created<NoticeDto>, ValidationProblem, ProblemHttpResult>> PostNoticeAsync(RequestBody<NoticeBody> request, string code, HttpContext http, IGrainFactory grains, LedgerStore store, TimeProvider time)
    {
        var (body, errors) = request;
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var kind = body.Kind is { } named ? WireNames.Parser<NoticeKind>()[named] : NoticeKind.Notice;

        if (!await RegisteredAgencies.ExistsAsync(grains, code))
        {
            return Problems.NotFound($"No agency is registered with code '{code}'.");
        }

        var notice = await store.AddNoticeAsync(code, kind, body.Reason, time.GetUtcNow(), http.RequestAborted);
        return TypedResults.Created($"/v1/agencies/{code}/ledger", ToDto(notice));
    }

    private static NoticeDto ToDto(AgencyNotice n) => new(n.Id, WireNames.Of(n.Kind), n.Reason, n.IssuedAt);

}
