using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.Validation;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Wire.Records;
using JointPunishment.Storage.Checks;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// 自动反馈: what the agency did on a check. The first report on a check binds: it is what the ledger counts, so an
/// agency cannot turn a "served" on a blocked subject (a failure to punish) into a "refused" afterwards. A later report
/// is kept beside it (<c>jp_feedback_report</c>), never over it (<see cref="FeedbackStore"/>).
/// </summary>
public static class FeedbackApi
{
    public static RouteGroupBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/feedback").WithTags("Checks");
        group.MapPost("/", PostFeedbackAsync).RequireCaller(CallerRole.Agency)
            .AcceptsJson<FeedbackBody>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("PostFeedback").WithSummary("Reports what the agency did on a check: refused, served or reviewed.");
        return group;
    }

    /// <summary>What the agency did on a check it made (自动反馈, 四(三)).</summary>
    public sealed record FeedbackBody
    {
        // Text rather than a Guid: every form Guid.TryParse reads stays accepted, and a malformed id is reported beside the
        // other fields' errors instead of stopping the binding.
        /// <summary>The <c>checkId</c> (a UUID) a check of this agency returned; another agency's is 404.</summary>
        [Required]
        [MaxLength(64)]
        [WireFormat("uuid")]
        public required string CheckId { get; init; }

        /// <summary>What the agency did: refused the subject, served it anyway (on a <c>block</c>, a failure to punish), or reviewed it.</summary>
        [Required]
        [AllowedValues("refused", "served", "reviewed")]
        public required string Outcome { get; init; }
    }

    private static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> PostFeedbackAsync(RequestBody<FeedbackBody> request, HttpContext http, FeedbackStore feedback, CheckIds checkIds, TimeProvider time)
    {
        var (body, errors) = request;
        Guid checkId = default;
        if (!errors.Has("checkId") && !Guid.TryParse(body.CheckId, out checkId))
        {
            errors.Add("checkId", "must be a check id returned by /v1/checks");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var outcome = FeedbackOutcomes.Parser[body.Outcome];

        // The id itself proves which agency it was issued to and what it decided: no lookup, and allowed checks need no row.
        var agency = http.Caller().Code;
        if (!checkIds.TryVerify(checkId, agency, out var decision, out var checkedAt))
        {
            return Problems.NotFound("This agency was given no check with this id.");
        }

        await feedback.RecordAsync(checkId, agency, decision, checkedAt, outcome, time.GetUtcNow(), http.RequestAborted);
        return TypedResults.Accepted((string?)null);
    }
}
