using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text.Json;
using JointPunishment.Gateway.OpenApi;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.Telemetry;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Wire.Records;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// <c>POST /v1/checks</c> and <c>/v1/checks/batch</c>: the JSON is bound here (types, required fields, lengths, unknown
/// fields); every check rule — identity, measure, rail ticket, authorisation, the answer — is the
/// <see cref="CheckPipeline"/>'s, run in this process as the silos run it for agencies' Orleans clients.
/// </summary>
public static class ChecksApi
{
    private static readonly FrozenDictionary<string, TrainType> TrainTypes = WireNames.Parser<TrainType>();

    public static RouteGroupBuilder MapChecksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/checks").WithTags("Checks");
        group.MapPost("/", CheckAsync).RequireCaller(CallerRole.Agency)
            .AcceptsJson<CheckBody>()
            .WithName("Check").WithSummary("Whether the agency must block, review, flag, limit or allow an action for one subject, and why.");
        group.MapPost("/batch", CheckBatchAsync).RequireCaller(CallerRole.Agency)
            .AcceptsJson<CheckBatchBody>()
            .WithName("CheckBatch").WithSummary("Up to 10,000 subjects for one measure; results in input order, an invalid subject gets its own error.");
        return group;
    }

    /// <summary>One check (CONTRACT "Agency"): may the agency go ahead with an action for a subject, under one measure?</summary>
    public sealed record CheckBody
    {
        /// <summary>The measure's code in the catalogue (<c>GET /v1/catalogue</c>); an unknown code is 400, one the agency does not hold 403.</summary>
        [Required]
        [MaxLength(64)]
        public required string Measure { get; init; }

        /// <summary>Whom the action is for.</summary>
        [Required]
        public required SubjectBody Subject { get; init; }

        /// <summary>For <c>consumption.rail</c>: the ticket asked for; without it the answer is for the measure as a whole.</summary>
        public RailActionBody? Action { get; init; }

        /// <summary>For +A measures on a unit: its related persons, whose listing restricts it too (at most 100).</summary>
        [MaxLength(CheckRequest.MaxRelatedPersons)]
        public IReadOnlyList<RelatedPersonBody>? RelatedPersons { get; init; }
    }

    /// <summary>A rail ticket (<c>consumption.rail</c>): which train and seat the subject asks for.</summary>
    public sealed record RailActionBody
    {
        /// <summary>The train, e.g. <c>G123</c>.</summary>
        [MaxLength(8)]
        public string? TrainNumber { get; init; }

        /// <summary>The seat class, e.g. <c>second</c>, <c>first</c>, <c>business</c>, <c>soft_sleeper</c>, <c>hard_seat</c>.</summary>
        [MaxLength(32)]
        public string? SeatClass { get; init; }

        /// <summary>The kind of train; without it G, D and C trains are EMUs and the others conventional.</summary>
        [AllowedWireNames<TrainType>]
        public string? TrainType { get; init; }
    }

    /// <summary>Many subjects under one measure; results come back in input order.</summary>
    public sealed record CheckBatchBody : CheckBatch<SubjectBody>;

    /// <summary>
    /// <see cref="CheckBatchBody"/> as it is bound (the document shows that one): each subject on its own, so that an
    /// invalid one gets its own error entry instead of failing the batch. The same shape, so the same rules.
    /// </summary>
    public sealed record CheckBatchInput : CheckBatch<BoundItem<SubjectBody>>;

    /// <summary>A batch check's fields and rules, once: documented with whole subjects, bound with each on its own.</summary>
    public abstract record CheckBatch<TSubject>
    {
        /// <summary>The measure's code in the catalogue; the agency must hold it.</summary>
        [Required]
        [MaxLength(64)]
        public required string Measure { get; init; }

        /// <summary>The subjects, at most 10,000; an invalid one gets its own <c>error</c> without failing the others.</summary>
        [Required]
        [MaxLength(BatchCheckRequest.MaxSubjects)]
        public required IReadOnlyList<TSubject> Subjects { get; init; }
    }

    /// <summary>The batch answer as <see cref="BatchResults"/> writes it: one result per subject, in input order.</summary>
    public sealed record BatchCheckResponse(IReadOnlyList<BatchCheckResult> Results);

    /// <summary>
    /// One subject's answer, as a single check's (<see cref="CheckResponse"/>), or only <c>error</c> when the subject was invalid.
    /// </summary>
    public sealed record BatchCheckResult(
        string? CheckId, string? Decision, IReadOnlyList<AppliedMeasureDto>? Measures, IReadOnlyList<IncentiveDto>? Incentives, string? Error);

    private static async Task<Results<Ok<CheckResponse>, ValidationProblem, ProblemHttpResult>> CheckAsync(
        RequestBody<CheckBody> json, HttpContext http, CheckPipeline pipeline, IGrainFactory grains, GatewayMetrics metrics)
    {
        var started = metrics.Start(http);
        var (body, errors) = json;
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var agency = http.Caller().Code;
        var request = new CheckRequest(agency, body.Measure, body.Subject.ToInput())
        {
            Action = body.Action is { } action
                ? new RailAction(action.TrainNumber!, action.SeatClass!) { TrainType = action.TrainType is { } type ? TrainTypes[type] : null }
                : null,
            Related = body.RelatedPersons is { } related
                ? [.. related.Select(person => new RelatedInput(SubjectReader.RelatedRoles[person.Role], person.ToInput()))]
                : [],
        };
        var outcome = await pipeline.CheckAsync(grains, agency, request);
        return ToResult(outcome.Error == CheckError.Invalid ? outcome : metrics.Checked(agency, request.Measure, outcome, started));
    }

    private static async Task<Results<BatchResults, ValidationProblem, ProblemHttpResult>> CheckBatchAsync(
        RequestBody<CheckBatchInput> json, HttpContext http, CheckPipeline pipeline, IGrainFactory grains, GatewayMetrics metrics, AgencyRateLimiter limiter)
    {
        var started = metrics.Start(http);
        var (body, errors) = json;
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        // The request's own token was spent on the way in; each further subject costs one more.
        var agency = http.Caller().Code;
        var items = body.Subjects;
        if (!limiter.TryAcquire(agency, items.Count - 1))
        {
            return AgencyRateLimiter.Refusal(http);
        }

        // A subject that could not be bound has its own error entry (and goes to the pipeline as null); the others are still checked.
        var subjects = new SubjectInput?[items.Count];
        var bindingErrors = new string?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            subjects[i] = items[i] is { Value: { } subject, Error: null } ? subject.ToInput() : null;
            bindingErrors[i] = items[i].Error;
        }

        var measure = body.Measure;
        var outcome = await pipeline.CheckBatchAsync(grains, agency, measure!, ImmutableCollectionsMarshal.AsImmutableArray(subjects));
        if (outcome.Refusal?.Error != CheckError.Invalid)
        {
            metrics.CheckedBatch(agency, measure!, outcome, started);
        }

        return outcome.Refusal switch
        {
            null => new BatchResults(outcome.Results, bindingErrors),
            { Error: CheckError.Forbidden } refusal => Problems.Forbidden(refusal.Message!),
            var refusal => Problems.Invalid(ErrorsOf(refusal)),
        };
    }

    /// <summary>
    /// <c>{"results":[{"checkId","decision","measures","incentives"?} or {"error"}, …]}</c>, written straight to the response: for
    /// 10,000 answers, building a record per answer for the serializer cost more than the writing (a profile gave
    /// serialising 11% of the gateway's batch work). Measures, when there are any, go through the serializer. As a typed
    /// result it declares that shape (<see cref="BatchCheckResponse"/>) as its 200 response.
    /// </summary>
    private sealed class BatchResults(ImmutableArray<CheckOutcome> results, string?[] bindingErrors) : IResult, IEndpointMetadataProvider
    {
        public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
            builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(BatchCheckResponse), ["application/json"]));

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            await using var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter, new JsonWriterOptions { Encoder = options.Encoder });
            writer.WriteStartObject();
            writer.WriteStartArray("results");
            for (var i = 0; i < results.Length; i++)
            {
                var outcome = results[i];
                writer.WriteStartObject();
                if (bindingErrors[i] is { } error)
                {
                    writer.WriteString("error", error);
                }
                else if (outcome.Result is not { } result)
                {
                    writer.WriteString("error", ErrorsOf(outcome).Describe($"subjects[{i}]"));
                }
                else
                {
                    writer.WriteString("checkId", outcome.CheckId);
                    writer.WriteString("decision", WireNames.Of(result.Decision));
                    writer.WritePropertyName("measures");
                    if (result.Measures.IsEmpty)
                    {
                        writer.WriteStartArray();
                        writer.WriteEndArray();
                    }
                    else
                    {
                        JsonSerializer.Serialize(writer, AppliedMeasureDto.From(result), options);
                    }

                    if (IncentiveDto.From(result) is { } incentives)
                    {
                        writer.WritePropertyName("incentives");
                        JsonSerializer.Serialize(writer, incentives, options);
                    }
                }

                writer.WriteEndObject();
                if (writer.BytesPending > 32 * 1024)
                {
                    await writer.FlushAsync(httpContext.RequestAborted);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync(httpContext.RequestAborted);
        }
    }

    private static Results<Ok<CheckResponse>, ValidationProblem, ProblemHttpResult> ToResult(CheckOutcome outcome) => outcome switch
    {
        { Result: { } result } => TypedResults.Ok(CheckResponse.From(outcome.CheckId!, result)),
        { Error: CheckError.Forbidden } => Problems.Forbidden(outcome.Message!),
        _ => Problems.Invalid(ErrorsOf(outcome)),
    };

    private static ValidationErrors ErrorsOf(CheckOutcome outcome)
    {
        var errors = new ValidationErrors();
        foreach (var error in outcome.Errors.IsDefaultOrEmpty ? [new FieldError(outcome.Field ?? "", outcome.Message ?? "is invalid")] : outcome.Errors)
        {
            errors.Add(error.Field, error.Message);
        }

        return errors;
    }
}
