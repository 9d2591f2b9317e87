using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.Checks;
using JointPunishment.Gateway.Telemetry;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Domain.Decisions;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Gateway.Apis;

public static class ChecksApi
{
    /// <summary>Related persons an agency may name for one applicant (+A measures).</summary>
    public const int MaxRelatedPersons = 100;

    private static readonly FrozenDictionary<string, SubjectRole> RelatedRoles = new Dictionary<string, SubjectRole>
    {
        ["legal_representative"] = SubjectRole.LegalRepresentative,
        ["actual_controller"] = SubjectRole.ActualController,
        ["director"] = SubjectRole.Director,
        ["supervisor"] = SubjectRole.Supervisor,
        ["senior_manager"] = SubjectRole.SeniorManager,
        ["principal"] = SubjectRole.Principal,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> CheckFields = FrozenSet.Create(StringComparer.Ordinal, "measure", "subject", "action", "relatedPersons");
    private static readonly FrozenSet<string> BatchFields = FrozenSet.Create(StringComparer.Ordinal, "measure", "subjects");
    private static readonly FrozenSet<string> ActionFields = FrozenSet.Create(StringComparer.Ordinal, "trainNumber", "seatClass", "trainType");

    public static RouteGroupBuilder MapChecksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/checks").WithTags("Checks");
        group.MapPost("/", CheckAsync).RequireCaller(CallerRole.Agency)
            .WithName("Check").WithSummary("Whether the agency must block, review, flag, limit or allow an action for one subject, and why.");
        group.MapPost("/batch", CheckBatchAsync).RequireCaller(CallerRole.Agency)
            .WithName("CheckBatch").WithSummary("Up to 10,000 subjects for one measure; results in input order, an invalid subject gets its own error.");
        return group;
    }

    private static async Task<IResult> CheckAsync(HttpContext http, CheckGrains checks, TimeProvider time, GatewayMetrics metrics, LocalCheckAnswers local)
    {
        var started = metrics.Start();
        var (json, problem) = await RequestBody.ReadAsync(http.Request);
        if (json is null)
        {
            return problem!;
        }

        using var owned = json;
        var (body, errors) = (json.Body, json.Errors);
        body.RejectUnknown(CheckFields);
        var today = time.Today();
        var measure = ReadMeasure(body);
        var subject = SubjectReader.Read(body.Object("subject", required: true), nameRequired: false, today);
        var action = ReadAction(body, measure);
        var related = ReadRelated(body, today);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var caller = http.Caller();
        var request = new CheckRequest(caller.Code, measure!.Code, new SubjectInput(subject!.IdType, subject.IdNumber))
        {
            Action = action,
            Related = related,
        };
        var outcome = local.TryAllow(caller, request) ?? await checks.CheckAsync(request);
        return ToResult(metrics.Checked(request.Agency, request.Measure, outcome, started));
    }

    private static async Task<IResult> CheckBatchAsync(
        HttpContext http, CheckGrains checks, TimeProvider time, GatewayMetrics metrics, LocalCheckAnswers local, AgencyRateLimiter limiter)
    {
        var started = metrics.Start();
        var (json, problem) = await RequestBody.ReadAsync(http.Request);
        if (json is null)
        {
            return problem!;
        }

        using var owned = json;
        var (body, errors) = (json.Body, json.Errors);
        var caller = http.Caller();
        body.RejectUnknown(BatchFields);
        var measure = ReadMeasure(body);
        var items = body.Array("subjects", required: true, BatchCheckRequest.MaxSubjects);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        // The request's own token was spent on the way in; each further subject costs one more.
        if (!limiter.TryAcquire(caller.Code, items!.Count - 1))
        {
            return AgencyRateLimiter.Refusal(http);
        }

        // A malformed subject gets its own error entry; the others are still checked.
        var today = time.Today();
        var subjects = new SubjectInput?[items!.Count];
        var localErrors = new string?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var itemErrors = new ValidationErrors();
            // Indexing a JsonDocument array walks it from the start; the enumerated items keep their positions.
            var item = items[i].WithErrors(itemErrors);
            var subject = item.IsObject ? SubjectReader.Read(item, nameRequired: false, today) : null;
            localErrors[i] = subject is null ? (itemErrors.Any ? itemErrors.Describe(item.Path("")) : "must be a subject object") : null;
            subjects[i] = subject is null ? null : new SubjectInput(subject.IdType, subject.IdNumber);
        }

        var outcome = metrics.CheckedBatch(caller.Code, measure!.Code, await AnswerBatchAsync(checks, local, caller, measure.Code, subjects), started);
        if (outcome.Refusal is { } refusal)
        {
            return ToResult(refusal);
        }

        return new BatchResults(outcome.Results, localErrors);
    }

    /// <summary>
    /// The subjects this gateway's index copy shows unnamed are answered here; only the others (named, not vouched
    /// for, or every one when the agency does not hold the measure) go to the cluster, as one smaller batch.
    /// An invalid subject (null) gets an invalid outcome; the caller replaces its message with its own.
    /// </summary>
    private static async Task<BatchCheckOutcome> AnswerBatchAsync(CheckGrains checks, LocalCheckAnswers local, Caller caller, string measure, SubjectInput?[] subjects)
    {
        var results = new CheckOutcome[subjects.Length];
        var forward = new List<int>();
        var allowed = new List<int>(subjects.Length);
        var serves = LocalCheckAnswers.Serves(caller, measure);
        for (var i = 0; i < subjects.Length; i++)
        {
            if (subjects[i] is not { } subject)
            {
                results[i] = CheckOutcome.Invalid($"subjects[{i}]", "is invalid");
            }
            else if (serves && local.IsUnnamed(subject))
            {
                allowed.Add(i);
            }
            else
            {
                forward.Add(i);
            }
        }

        var allows = local.AllowMany(caller.Code, measure, allowed.Count);
        for (var j = 0; j < allowed.Count; j++)
        {
            results[allowed[j]] = allows[j];
        }

        if (forward.Count > 0 || !serves)
        {
            var request = new BatchCheckRequest(caller.Code, measure, [.. forward.Select(i => subjects[i]!)]);
            var outcome = await checks.CheckBatchAsync(request);
            if (outcome.Refusal is not null)
            {
                return outcome;
            }

            for (var j = 0; j < forward.Count; j++)
            {
                results[forward[j]] = outcome.Results[j];
            }
        }

        return new BatchCheckOutcome([.. results]);
    }

    /// <summary>
    /// <c>{"results":[{"checkId","decision","measures"} or {"error"}, …]}</c>, written straight to the response: for
    /// 10,000 answers, building a record per answer for the serializer cost more than the writing (a profile gave
    /// serialising 11% of the gateway's batch work). Measures, when there are any, go through the serializer.
    /// </summary>
    private sealed class BatchResults(ImmutableArray<CheckOutcome> results, string?[] localErrors) : IResult
    {
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
                if (localErrors[i] is { } error)
                {
                    writer.WriteString("error", error);
                }
                else if (outcome.Result is not { } result)
                {
                    writer.WriteString("error", $"{outcome.Field}: {outcome.Message}");
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

    private static IResult ToResult(CheckOutcome outcome) => outcome switch
    {
        { Result: { } result } => TypedResults.Ok(CheckResponse.From(outcome.CheckId!, result)),
        { Error: CheckError.Forbidden } => Problems.Forbidden(outcome.Message!),
        _ => Problems.Invalid(Single(outcome.Field ?? "", outcome.Message ?? "is invalid")),
    };

    private static ValidationErrors Single(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return errors;
    }

    private static Measure? ReadMeasure(JsonFields body)
    {
        var code = body.String("measure", required: true, maxLength: 64);
        if (code is null)
        {
            return null;
        }

        if (MeasureCatalogue.TryGet(code, out var measure))
        {
            return measure;
        }

        body.Errors.Add("measure", "is not a measure code of the catalogue (GET /v1/catalogue)");
        return null;
    }

    private static RailAction? ReadAction(JsonFields body, Measure? measure)
    {
        var action = body.Object("action", required: false);
        if (action is null || measure?.Code != DecisionEngine.RailMeasure)
        {
            return null;
        }

        action.RejectUnknown(ActionFields);
        var train = action.String("trainNumber", required: true, maxLength: 8);
        var seat = action.String("seatClass", required: true, maxLength: 32);
        var trainType = action.Choice("trainType", required: false, WireNames.Parser<TrainType>());
        if (train is not null && !RailRules.IsValidTrainNumber(train))
        {
            action.Errors.Add(action.Path("trainNumber"), "must be a train number such as G123, D5, K1234");
        }

        if (seat is not null && !RailRules.SeatClasses.Contains(seat))
        {
            action.Errors.Add(action.Path("seatClass"), $"must be one of: {string.Join(", ", RailRules.SeatClasses.Order(StringComparer.Ordinal))}");
        }

        return action.Errors.Any ? null : new RailAction(train!.ToUpperInvariant(), seat!) { TrainType = trainType };
    }

    /// <summary>An applicant's <c>relatedPersons</c> (+A measures); also the persons of a unit in a sampling population.</summary>
    public static ImmutableArray<RelatedInput> ReadRelated(JsonFields body, DateOnly today)
    {
        var items = body.Array("relatedPersons", required: false, MaxRelatedPersons);
        if (items is null)
        {
            return [];
        }

        var related = ImmutableArray.CreateBuilder<RelatedInput>();
        foreach (var item in items)
        {
            var role = item.Choice("role", required: true, RelatedRoles);
            var subject = SubjectReader.Read(item, nameRequired: false, today, SubjectReader.FieldsWithRole);
            if (role is { } r && subject is not null)
            {
                related.Add(new RelatedInput(r, new SubjectInput(subject.IdType, subject.IdNumber)));
            }
        }

        return related.ToImmutable();
    }
}
