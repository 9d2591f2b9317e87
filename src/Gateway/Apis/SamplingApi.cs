using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Domain.Sampling;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Principals;
using JointPunishment.Grains.Keys;
using JointPunishment.Storage.Sampling;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// 二(十) supervision sampling: an agency sends the population of units it regulates, each with its legal
/// representative, principal, actual controller, directors, supervisors and senior managers, and draws a random
/// inspection sample in which key supervision targets are drawn at a higher rate. A unit is a key target when
/// <c>supervision.key_target</c> (D +A) applies to it: it is listed, or one of those persons is. Each unit is
/// checked like any +A check (the index answers for the unnamed majority without a grain activation), so the
/// agency must hold that measure. The draw is <see cref="InspectionSample"/> with a published seed, and is recorded.
/// The population is not stored — only its size, SHA-256 digest and which positions were key targets.
/// </summary>
public static class SamplingApi
{
    public const int MaxUnits = 10_000;
    public const int MaxRef = 64;
    private const string KeyTargetMeasure = "supervision.key_target";

    public static RouteGroupBuilder MapSamplingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/agencies/{code}/sampling").WithTags("Accountability");
        group.MapPost("/", DrawAsync).RequireCaller(CallerRole.Agency, CallerRole.Operator)
            .AcceptsJson<SamplingBody>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DrawSample").WithSummary("Draws a reproducible random inspection sample of the posted population, key targets at the higher rate (二(十)).");
        group.MapGet("/{id}", GetAsync).RequireCaller(CallerRole.Agency, CallerRole.Operator)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetSample").WithSummary("A recorded inspection draw: who, when, seed, rates, population digest, key targets and result.");
        return group;
    }

    /// <summary>The population to draw from and the rates (二(十)).</summary>
    public sealed record SamplingBody
    {
        /// <summary>The seed of the draw, to reproduce it; a random one when absent.</summary>
        public ulong? Seed { get; init; }

        /// <summary>The share of ordinary units drawn, 0 to 1.</summary>
        [Range(0.0, 1.0)]
        public required double Rate { get; init; }

        /// <summary>The share of key supervision targets drawn, 0 to 1 and at least <c>rate</c>.</summary>
        [Range(0.0, 1.0)]
        public required double KeyRate { get; init; }

        /// <summary>The units the agency regulates, at most 10,000.</summary>
        [MaxLength(MaxUnits)]
        public required IReadOnlyList<SamplingUnitBody> Units { get; init; }
    }

    /// <summary>One regulated unit with its related persons (their listing makes it a key target).</summary>
    public sealed record SamplingUnitBody
    {
        /// <summary>The agency's own reference for the unit.</summary>
        [MaxLength(MaxRef)]
        public string? Ref { get; init; }

        /// <summary>The unit.</summary>
        public required SubjectBody Subject { get; init; }

        /// <summary>Its legal representative, principal, actual controller, directors, supervisors and senior managers.</summary>
        [MaxLength(Grains.Interfaces.Checks.CheckRequest.MaxRelatedPersons)]
        public IReadOnlyList<RelatedPersonBody>? RelatedPersons { get; init; }
    }

    public sealed record UnitIdDto(string IdType, string IdNumber);

    public sealed record SelectedDto(int Index, string? Ref, UnitIdDto? Unit, bool KeyTarget);

    public sealed record DrawDto(
        string Id, string Agency, string DrawnBy, DateTimeOffset DrawnAt, string Seed, string Prng, double Rate, double KeyRate,
        int Population, string PopulationDigest, IReadOnlyList<int> KeyTargets, IReadOnlyList<SelectedDto> Selected);

    private sealed record Unit(string? Ref, SubjectInput Subject, ImmutableArray<RelatedInput> Related);

    private static async Task<Results<Created<DrawDto>, ValidationProblem, ProblemHttpResult>> DrawAsync(string code, HttpContext http, IGrainFactory grains, CheckPipeline pipeline, SubjectKeys keys, SamplingStore store, TimeProvider time)
    {
        var caller = http.Caller();
        if (caller.Role == CallerRole.Agency && caller.Code != code)
        {
            return Problems.Forbidden("An agency may draw samples only of its own population.");
        }

        var (json, problem) = await RequestBody.ReadAsync(http.Request);
        if (json is null)
        {
            return problem!;
        }

        using var owned = json;
        var (body, errors) = (json.Body, json.Errors);
        var seed = body.UInt64("seed", required: false) ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
        var rate = body.Number("rate", required: true, 0, 1);
        var keyRate = body.Number("keyRate", required: true, 0, 1);
        if (rate is { } r && keyRate is { } k && k < r)
        {
            errors.Add("keyRate", "must be at least rate: key supervision targets are drawn at a higher rate (二(十))");
        }

        var units = ReadUnits(body, time.Today());
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var agency = await grains.GetGrain<IAgencyGrain>(GrainKeys.Agency(code)).GetAsync();
        if (agency is null)
        {
            return Problems.NotFound($"No agency is registered with code '{code}'.");
        }

        if (!agency.Measures.Contains(KeyTargetMeasure))
        {
            return Problems.Forbidden($"Agency '{code}' does not hold {KeyTargetMeasure} (二(十)).");
        }

        var outcomes = await Task.WhenAll(units.Select(u => pipeline.CheckAsync(grains, code, new CheckRequest(code, KeyTargetMeasure, u.Subject) { Related = u.Related }).AsTask()));
        var isKey = outcomes.Select(o => o.Result is { } result && !result.Measures.IsEmpty).ToArray();
        var selected = InspectionSample.Draw(isKey, seed, rate!.Value, keyRate!.Value);
        var draw = new SamplingDraw(
            Guid.CreateVersion7(time.GetUtcNow()), code, caller.Role == CallerRole.Operator ? "operator" : caller.Code, time.GetUtcNow(),
            seed, rate.Value, keyRate.Value, units.Count, Digest(units),
            [.. Enumerable.Range(0, isKey.Length).Where(i => isKey[i])],
            selected,
            [.. selected.Select(i => units[i].Ref ?? "")],
            [.. selected.Select(i => keys.For(units[i].Subject.IdType, units[i].Subject.IdNumber))]);
        await store.AddAsync(draw, http.RequestAborted);
        return TypedResults.Created($"/v1/agencies/{code}/sampling/{draw.Id}", ToDto(draw, i => new UnitIdDto(IdentityParser.ToWire(units[i].Subject.IdType), units[i].Subject.IdNumber)));
    }

    private static async Task<Results<Ok<DrawDto>, ProblemHttpResult>> GetAsync(string code, string id, HttpContext http, SamplingStore store)
    {
        var caller = http.Caller();
        if (caller.Role == CallerRole.Agency && caller.Code != code)
        {
            return Problems.Forbidden("An agency may read only its own draws.");
        }

        var draw = Guid.TryParse(id, out var guid) ? await store.GetAsync(code, guid, http.RequestAborted) : null;
        return draw is null ? Problems.NotFound("This agency has no draw with this id.") : TypedResults.Ok(ToDto(draw, _ => null));
    }

    private static DrawDto ToDto(SamplingDraw d, Func<int, UnitIdDto?> unit)
    {
        var keyTargets = d.KeyTargets.ToHashSet();
        return new DrawDto(
            d.Id.ToString(), d.Agency, d.DrawnBy, d.DrawnAt, d.Seed.ToString(CultureInfo.InvariantCulture), "splitmix64", d.Rate, d.KeyRate,
            d.Population, d.PopulationDigest, d.KeyTargets,
            [.. d.Selected.Select((index, j) => new SelectedDto(index, d.SelectedRefs[j] is { Length: > 0 } r ? r : null, unit(index), keyTargets.Contains(index)))]);
    }

    private static List<Unit> ReadUnits(JsonFields body, DateOnly today)
    {
        var units = new List<Unit>();
        foreach (var item in body.Array("units", required: true, MaxUnits) ?? [])
        {
            var reference = item.String("ref", required: false, MaxRef);
            var subject = SubjectReader.Read(item.Object("subject", required: true), nameRequired: false, today);
            var related = SubjectReader.ReadRelated(item, today);
            if (subject is not null)
            {
                units.Add(new Unit(reference, new SubjectInput(subject.IdType, subject.IdNumber), related));
            }
        }

        return units;
    }

    /// <summary>SHA-256 over one line per unit (ref, unit id, then each person's role and id), in order: what the seed was applied to.</summary>
    private static string Digest(IEnumerable<Unit> units)
    {
        var text = new StringBuilder();
        foreach (var u in units)
        {
            text.Append(u.Ref).Append('\t').Append(IdentityParser.ToWire(u.Subject.IdType)).Append(':').Append(u.Subject.IdNumber);
            foreach (var person in u.Related)
            {
                text.Append('\t').Append((int)person.Role).Append(':').Append(IdentityParser.ToWire(person.Subject.IdType)).Append(':').Append(person.Subject.IdNumber);
            }

            text.Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
