using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Keys;
using JointPunishment.Grains.Wire.Records;
using JointPunishment.Storage.CreditRepairs;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// 信用修复 (四(二)6): after shielding or revocation the subject applies to each agency, which decides for its own
/// domain; the decision is kept on the subject (visible in the court's subject view) and published in a feed the
/// public credit information system follows (同时提供给公共信用信息系统) with its <c>credit_platform</c> key. The feed
/// leaves out subjects none of whose listings was public (四(二)2 依法不宜公开) and agencies' notes.
/// </summary>
public static class CreditRepairApi
{
    public const int MaxNote = 2000;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapCreditRepairApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/credit-repair", DecideAsync).RequireCaller(CallerRole.Agency).WithTags("Accountability")
            .AcceptsJson<CreditRepairBody>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DecideCreditRepair").WithSummary("The calling agency's credit repair decision for a subject none of whose listings is in force.");
        // Not public (CONTRACT "Feeds that are not public"): only the public credit information system's key reads it.
        app.MapGet("/v1/credit-repairs", ReadFeedAsync).RequireCaller(CallerRole.CreditPlatform).WithTags("Accountability")
            .WithName("CreditRepairFeed").WithSummary("Credit repair decisions in order after a cursor, for the public credit information system (a credit_platform key); never a subject none of whose listings was public, never an agency's note.");
        return app;
    }

    /// <summary>
    /// The calling agency's credit repair decision (四(二)6) on a subject none of whose listings is in force (409 while one is;
    /// 404 for a subject never listed).
    /// </summary>
    public sealed record CreditRepairBody
    {
        /// <summary>The subject that applied.</summary>
        [Required]
        public required SubjectBody Subject { get; init; }

        /// <summary>The agency's decision for its own domain.</summary>
        [Required]
        [AllowedValues("granted", "denied")]
        public required string Decision { get; init; }

        /// <summary>The agency's note: shown in the court's subject view, never in the credit-repair feed.</summary>
        [MaxLength(MaxNote)]
        public string? Note { get; init; }
    }

    public sealed record MaskedSubjectDto(string IdType, string IdNumberMasked, string Name);

    public sealed record DecisionDto(MaskedSubjectDto Subject, string Agency, string Decision, string? Note, DateTimeOffset DecidedAt);

    /// <summary>One feed entry. No note: an agency's note is for the court's subject view, not for the credit system.</summary>
    public sealed record FeedItem(string Seq, MaskedSubjectDto Subject, string Agency, string Decision, DateTimeOffset DecidedAt);

    public sealed record FeedDto(IReadOnlyList<FeedItem> Items, string Next);

    private static async Task<Results<Ok<DecisionDto>, ValidationProblem, ProblemHttpResult>> DecideAsync(RequestBody<CreditRepairBody> request, HttpContext http, IGrainFactory grains, SubjectKeys keys, TimeProvider time)
    {
        var (body, errors) = request;
        var subject = body.Subject?.ToSubject("subject", body.Subject.Name, time.Today(), errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var decision = WireNames.Parser<CreditRepairDecision>()[body.Decision];
        var note = body.Note;
        var agency = http.Caller().Code;
        var decidedAt = time.GetUtcNow();
        var outcome = await grains.GetGrain<ISubjectGrain>(keys.For(subject!)).RecordCreditRepairAsync(agency, decision, note, decidedAt);
        return outcome switch
        {
            CreditRepairOutcome.Recorded => TypedResults.Ok(new DecisionDto(
                new MaskedSubjectDto(IdentityParser.ToWire(subject!.IdType), IdentityMask.Mask(subject.IdType, subject.IdNumber), subject.Name),
                agency, WireNames.Of(decision), note, decidedAt)),
            CreditRepairOutcome.ActiveListing => Problems.Conflict("The subject still has a listing in force; credit repair follows shielding or revocation."),
            _ => Problems.NotFound("This subject was never listed."),
        };
    }

    private static async Task<Results<Ok<FeedDto>, ValidationProblem>> ReadFeedAsync(HttpContext http, CreditRepairFeed feed, string? after, string? limit)
    {
        var errors = new ValidationErrors();
        var (cursor, max) = QueryParameters.Feed(after, limit, MaxLimit, errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var entries = await feed.ReadAsync(cursor, max, http.RequestAborted);
        var next = entries.Count > 0 ? entries[^1].Seq : cursor;
        return TypedResults.Ok(new FeedDto(
            [.. entries.Select(e => new FeedItem(
                e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), new MaskedSubjectDto(e.IdType, e.IdNumberMasked, e.Name),
                e.Agency, WireNames.Of(e.Decision), e.DecidedAt))],
            next.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
