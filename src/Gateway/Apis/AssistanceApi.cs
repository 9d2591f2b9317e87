using System.Collections.Frozen;
using System.Globalization;
using JointPunishment.Gateway.Assistance;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Domain.Deadlines;
using JointPunishment.Grains.Keys;
using JointPunishment.Grains.Wire.Records;
using JointPunishment.Storage.Assistance;
using JointPunishment.Storage.Audit;
using Microsoft.Extensions.Options;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// Assistance requests (协助执行): a court asks an agency to query, freeze, seize, locate or transfer in one of its cases;
/// the agency lists what is open to it (or gets it by webhook, <see cref="AgencyWebhooks.AssistanceMessageSource"/>) and
/// answers once; the court reads the answer. Only those two parties can read a request: anyone else gets 404, so ids do
/// not reveal that a request exists. A request unanswered after its due date counts as <c>assistanceOverdue</c> in the
/// agency's ledger and the stats, and the operator lists every overdue one.
/// </summary>
public static class AssistanceApi
{
    public const int MaxDetail = 2000;
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private static readonly FrozenDictionary<string, AssistanceStatusFilter> Statuses = new Dictionary<string, AssistanceStatusFilter>
    {
        ["all"] = AssistanceStatusFilter.All,
        [AssistanceDto.Open] = AssistanceStatusFilter.Open,
        [AssistanceDto.Answered] = AssistanceStatusFilter.Answered,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static RouteGroupBuilder MapAssistanceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/assistance").WithTags("Assistance");
        group.MapPost("/", RequestAsync).RequireCaller(CallerRole.Court)
            .AcceptsJson<AssistanceRequestBody>()
            .WithName("RequestAssistance").WithSummary("A court asks an agency for assistance (协助执行) in one of its cases; returns the id and the date it must be answered by.");
        group.MapGet("/", ListAsync).RequireCaller(CallerRole.Court, CallerRole.Agency)
            .WithName("ListAssistance").WithSummary("An agency's requests to it, or a court's own, in order; status open, answered or all (default).");
        group.MapGet("/overdue", ListOverdueAsync).RequireCaller(CallerRole.Operator)
            .WithName("ListOverdueAssistance").WithSummary("Every request unanswered after its due date (CST), oldest first, paged.");
        group.MapGet("/{id}", GetAsync).RequireCaller(CallerRole.Court, CallerRole.Agency)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetAssistance").WithSummary("One request, for the court that asked and the agency asked (anyone else: 404).");
        group.MapPost("/{id}/answer", AnswerAsync).RequireCaller(CallerRole.Agency)
            .AcceptsJson<AssistanceAnswerBody>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("AnswerAssistance").WithSummary("The agency asked answers, once: found, not_found, done or unable (a second answer: 409).");
        return group;
    }

    /// <summary>A court's request to an agency (协助执行) in one of its cases.</summary>
    public sealed record AssistanceRequestBody
    {
        /// <summary>The court's case number (案号).</summary>
        [Required]
        [MaxLength(100)]
        public required string CaseNumber { get; init; }

        /// <summary>The code of the registered agency asked (an unknown one is 400).</summary>
        [Required]
        [MaxLength(64)]
        public required string Agency { get; init; }

        /// <summary>What the agency is asked to do.</summary>
        [Required]
        [AllowedValues("query", "freeze", "seize", "locate", "transfer")]
        public required string Kind { get; init; }

        /// <summary>Whom the request is about.</summary>
        [Required]
        public required NamedSubjectBody Subject { get; init; }

        /// <summary>What exactly is asked (accounts, assets, amounts).</summary>
        [MaxLength(MaxDetail)]
        public string? Detail { get; init; }
    }

    /// <summary>The agency's answer, given once.</summary>
    public sealed record AssistanceAnswerBody
    {
        /// <summary>What came of it.</summary>
        [Required]
        [AllowedValues("found", "not_found", "done", "unable")]
        public required string Outcome { get; init; }

        /// <summary>What was found or done, or why it could not be.</summary>
        [MaxLength(MaxDetail)]
        public string? Detail { get; init; }
    }

    /// <summary>The new request's id and the date (CST) the agency must answer by.</summary>
    public sealed record CreatedDto(string Id, DateOnly DueOn);

    /// <summary>A page of requests; <c>next</c> is the cursor to pass as <c>after</c>.</summary>
    public sealed record PageDto(IReadOnlyList<AssistanceDto> Items, string Next);

    public sealed record OverdueDto(string Id, string CaseNumber, string Court, string Agency, string Kind, DateTimeOffset RequestedAt, DateOnly DueOn, int DaysOverdue);

    public sealed record OverduePageDto(IReadOnlyList<OverdueDto> Items, string Next);

    private static async Task<Results<Created<CreatedDto>, ValidationProblem, ProblemHttpResult>> RequestAsync(
        RequestBody<AssistanceRequestBody> request, HttpContext http, IGrainFactory grains, AssistanceStore store, SubjectKeys keys, IOptions<AssistanceOptions> options, TimeProvider time, AuditLog audit)
    {
        var (body, errors) = request;
        var today = time.Today();
        // caseNumber as court events take it (CourtEventReader).
        var caseNumber = body.CaseNumber;
        var agency = body.Agency;
        var subject = body.Subject?.ToSubject("subject", body.Subject.Name, today, errors);
        var detail = body.Detail;
        if (!errors.Has("agency") && !await RegisteredAgencies.ExistsAsync(grains, agency))
        {
            errors.Add("agency", "is not the code of a registered agency");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var kind = WireNames.Parser<AssistanceKind>()[body.Kind];
        var court = http.Caller().Code;
        var assistance = new AssistanceRequest(
            Guid.NewGuid().ToString("N"), 0, 0, court, agency, caseNumber, kind, subject!, detail, time.GetUtcNow(), options.Value.DueOn(kind, today), null);
        await store.AddAsync(assistance, keys.For(subject!), http.RequestAborted);
        await audit.RecordAsync("court", court, "assistance_requested", $"assistance:{assistance.Id}",
            new { agency, kind = WireNames.Of(assistance.Kind), caseNumber, dueOn = assistance.DueOn }, http.RequestAborted);
        return TypedResults.Created($"/v1/assistance/{assistance.Id}", new CreatedDto(assistance.Id, assistance.DueOn));
    }

    private static async Task<Results<Ok<PageDto>, ValidationProblem>> ListAsync(HttpContext http, AssistanceStore store, string? status, string? after, string? limit)
    {
        var errors = new ValidationErrors();
        var max = QueryParameters.Int(limit, "limit", 1, MaxLimit, DefaultLimit, errors);
        var position = QueryParameters.Cursor(after, "after", errors);
        var filter = AssistanceStatusFilter.All;
        if (status is not null && !Statuses.TryGetValue(status, out filter))
        {
            errors.Add("status", "must be open, answered or all");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var caller = http.Caller();
        var ofAgency = caller.Role == CallerRole.Agency;
        var items = await store.ListAsync(ofAgency, caller.Code, filter, position, max, http.RequestAborted);
        var next = items.Count == 0 ? position : ofAgency ? items[^1].AgencySeq : items[^1].CourtSeq;
        return TypedResults.Ok(new PageDto([.. items.Select(AssistanceDto.From)], next.ToString(CultureInfo.InvariantCulture)));
    }

    private static async Task<Results<Ok<AssistanceDto>, ProblemHttpResult>> GetAsync(string id, HttpContext http, AssistanceStore store)
    {
        var request = id.Length <= 64 ? await store.GetAsync(id, http.RequestAborted) : null;
        return request is not null && IsParty(http.Caller(), request)
            ? TypedResults.Ok(AssistanceDto.From(request))
            : NotFound(id);
    }

    private static async Task<Results<Ok<AssistanceDto>, ValidationProblem, ProblemHttpResult>> AnswerAsync(RequestBody<AssistanceAnswerBody> request, string id, HttpContext http, AssistanceStore store, TimeProvider time, AuditLog audit)
    {
        var (body, errors) = request;
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var outcome = WireNames.Parser<AssistanceOutcome>()[body.Outcome];

        var agency = http.Caller().Code;
        var (result, answered) = id.Length <= 64
            ? await store.AnswerAsync(id, agency, new AssistanceAnswer(outcome, body.Detail, time.GetUtcNow()), http.RequestAborted)
            : (AnswerResult.NotFound, null);
        switch (result)
        {
            case AnswerResult.Answered:
                await audit.RecordAsync("agency", agency, "assistance_answered", $"assistance:{id}", new { outcome = WireNames.Of(outcome) }, http.RequestAborted);
                return TypedResults.Ok(AssistanceDto.From(answered!));
            case AnswerResult.AlreadyAnswered:
                return Problems.Conflict("The request has been answered already; an answer is given once.");
            default:
                return NotFound(id);
        }
    }

    private static async Task<Results<Ok<OverduePageDto>, ValidationProblem>> ListOverdueAsync(HttpContext http, AssistanceStore store, TimeProvider time, string? after, string? limit)
    {
        var errors = new ValidationErrors();
        var max = QueryParameters.Int(limit, "limit", 1, MaxLimit, DefaultLimit, errors);
        var position = QueryParameters.Cursor(after, "after", errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var today = time.Today();
        var items = await store.ListOverdueAsync(today, position, max, http.RequestAborted);
        var next = items.Count == 0 ? position : items[^1].Position;
        return TypedResults.Ok(new OverduePageDto(
            [.. items.Select(o => new OverdueDto(o.Id, o.CaseNumber, o.Court, o.Agency, WireNames.Of(o.Kind), o.RequestedAt, o.DueOn, CourtDeadlines.DaysOverdue(o.DueOn, today)))],
            next.ToString(CultureInfo.InvariantCulture)));
    }

    private static bool IsParty(Caller caller, AssistanceRequest request) =>
        caller.Role == CallerRole.Court ? caller.Code == request.Court : caller.Role == CallerRole.Agency && caller.Code == request.Agency;

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound($"No assistance request {id} is open to the caller.");
}
