using System.Collections.Frozen;
using System.Collections.Immutable;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Domain.Decisions;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Keys;

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

    public static RouteGroupBuilder MapChecksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/checks").WithTags("Checks");
        group.MapPost("/", CheckAsync).RequireCaller(CallerRole.Agency)
            .WithName("Check").WithSummary("Whether the agency must block, review, flag, limit or allow an action for one subject, and why.");
        return group;
    }

    private static async Task<IResult> CheckAsync(HttpContext http, IGrainFactory grains, SubjectKeys keys, TimeProvider time)
    {
        var (document, problem) = await RequestBody.ReadAsync(http.Request);
        if (document is null)
        {
            return problem!;
        }

        using var owned = document;
        var errors = new ValidationErrors();
        var body = new JsonFields(document.RootElement, "", errors);
        var today = time.Today();
        var measureCode = body.String("measure", required: true, maxLength: 64);
        Measure? measure = null;
        if (measureCode is not null && !MeasureCatalogue.TryGet(measureCode, out measure))
        {
            errors.Add("measure", "is not a measure code of the catalogue (GET /v1/catalogue)");
        }

        var subject = SubjectReader.Read(body.Object("subject", required: true), nameRequired: false, today);
        var action = ReadAction(body, measure);
        var related = ReadRelated(body, keys, today);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        if (!http.Caller().Measures.Contains(measure!.Code))
        {
            return Problems.Forbidden($"This agency does not hold the measure {measure.Code}.");
        }

        var query = new CheckQuery(measure.Code, today, action, related, subject!.IdType);
        var result = await grains.GetGrain<ISubjectGrain>(keys.For(subject)).CheckAsync(query);
        return TypedResults.Ok(CheckResponse.From(Guid.CreateVersion7().ToString("N"), result));
    }

    private static RailAction? ReadAction(JsonFields body, Measure? measure)
    {
        var action = body.Object("action", required: false);
        if (action is null || measure?.Code != DecisionEngine.RailMeasure)
        {
            return null;
        }

        var train = action.String("trainNumber", required: true, maxLength: 8);
        var seat = action.String("seatClass", required: true, maxLength: 32);
        if (train is not null && !RailRules.IsValidTrainNumber(train))
        {
            action.Errors.Add(action.Path("trainNumber"), "must be a train number such as G123, D5, K1234");
        }

        if (seat is not null && !RailRules.SeatClasses.Contains(seat))
        {
            action.Errors.Add(action.Path("seatClass"), $"must be one of: {string.Join(", ", RailRules.SeatClasses.Order(StringComparer.Ordinal))}");
        }

        return action.Errors.Any ? null : new RailAction(train!.ToUpperInvariant(), seat!);
    }

    private static ImmutableArray<RelatedPerson> ReadRelated(JsonFields body, SubjectKeys keys, DateOnly today)
    {
        var items = body.Array("relatedPersons", required: false, MaxRelatedPersons);
        if (items is null)
        {
            return [];
        }

        var related = ImmutableArray.CreateBuilder<RelatedPerson>();
        foreach (var item in items)
        {
            var role = item.Choice("role", required: true, RelatedRoles);
            var subject = SubjectReader.Read(item, nameRequired: false, today);
            if (role is { } r && subject is not null)
            {
                related.Add(new RelatedPerson(r, keys.For(subject)));
            }
        }

        return related.ToImmutable();
    }
}
