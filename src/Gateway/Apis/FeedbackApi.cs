using System.Collections.Frozen;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.Validation;
using JointPunishment.Grains.Checks;
using JointPunishment.Storage.Checks;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// 自动反馈: what the agency did on a check. The first report on a check binds: it is what the ledger counts, so an
/// agency cannot turn a "served" on a blocked subject (a failure to punish) into a "refused" afterwards. A later report
/// is kept beside it (<c>jp_feedback_report</c>), never over it (<see cref="FeedbackStore"/>).
/// </summary>
public static class FeedbackApi
{
    private static readonly FrozenSet<string> Fields = FrozenSet.Create(StringComparer.Ordinal, "checkId", "outcome");

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
        /// <summary>The <c>checkId</c> a check of this agency returned; another agency's is 404.</summary>
        public required Guid CheckId { get; init; }

        /// <summary>What the agency did: refused the subject, served it anyway (on a <c>block</c>, a failure to punish), or reviewed it.</summary>
        [AllowedValues("refused", "served", "reviewed")]
        public required string Outcome { get; init; }
    }

    private static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> PostFeedbackAsync(HttpContext http, FeedbackStore feedback, CheckIds checkIds, TimeProvider time)
    {
        var (json, problem) = await RequestBody.ReadAsync(http.Request);
        if (json is null)
        {
            return problem!;
        }

        using var owned = json;
        var (body, errors) = (json.Body, json.Errors);
        body.RejectUnknown(Fields);
        var checkIdText = body.String("checkId", required: true, maxLength: 64);
        var outcome = body.Choice("outcome", required: true, FeedbackOutcomes.Parser);
        Guid checkId = default;
        if (checkIdText is not null && !Guid.TryParse(checkIdText, out checkId))
        {
            errors.Add("checkId", "must be a check id returned by /v1/checks");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        // The id itself proves which agency it was issued to and what it decided: no lookup, and allowed checks need no row.
        var agency = http.Caller().Code;
        if (!checkIds.TryVerify(checkId, agency, out var decision, out var checkedAt))
        {
            return Problems.NotFound("This agency was given no check with this id.");
        }

        await feedback.RecordAsync(checkId, agency, decision, checkedAt, outcome!.Value, time.GetUtcNow(), http.RequestAborted);
        return TypedResults.Accepted((string?)null);
    }
}
