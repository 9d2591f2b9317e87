using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
using JointPunishment.Grains.Wire.Records;
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
            // Before the body's problems, as when the handler read the body itself: another agency's population is 403 whatever is sent.
            .AddEndpointFilter(static async (invocation, next) =>
                invocation.HttpContext.Caller() is { Role: CallerRole.Agency } caller && caller.Code != (string?)invocation.HttpContext.GetRouteValue("code")
                    ? Problems.Forbidden("An agency may draw samples only of its own population.")
                    : await next(invocation))
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
        // Any JSON value, judged by the handler: a seed that is not an unsigned 64-bit integer is reported beside the other
        // fields' errors, where a typed ulong would stop the binding at it.
        /// <summary>The seed of the draw, to reproduce it, an unsigned 64-bit integer as a number or a decimal string; a random one when absent.</summary>
        public UnsignedIntegerOrText? Seed { get; init; }

        // Nullable so that [Required] sees a missing rate (a double is never null).
        /// <summary>The share of ordinary units drawn, 0 to 1.</summary>
        [Required]
        [Range(0.0, 1.0)]
        public required double? Rate { get; init; }

        /// <summary>The share of key supervision targets drawn, 0 to 1 and at least <c>rate</c>.</summary>
        [Required]
        [Range(0.0, 1.0)]
        public required double? KeyRate { get; init; }

        /// <summary>The units the agency regulates, at most 10,000.</summary>
        [Required]
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
        [Required]
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

    private static async Task<Results<Created<DrawDto>, ValidationProblem, ProblemHttpResult>> DrawAsync(RequestBody<SamplingBody> request, string code, HttpContext http, IGrainFactory grains, CheckPipeline pipeline, SubjectKeys keys, SamplingStore store, TimeProvider time)
    {
        var caller = http.Caller();
        var (body, errors) = request;
        var seed = ReadSeed(body.Seed, errors) ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
        if (!errors.Has("rate") && !errors.Has("keyRate") && body.KeyRate < body.Rate)
        {
            errors.Add("keyRate", "must be at least rate: key supervision targets are drawn at a higher rate (二(十))");
        }

        var units = errors.Has("units") ? [] : ReadUnits(body.Units, time.Today(), errors);
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
        var selected = InspectionSample.Draw(isKey, seed, body.Rate!.Value, body.KeyRate!.Value);
        var draw = new SamplingDraw(
            Guid.CreateVersion7(time.GetUtcNow()), code, caller.Role == CallerRole.Operator ? "operator" : caller.Code, time.GetUtcNow(),
            seed, body.Rate.Value, body.KeyRate.Value, units.Count, Digest(units),
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

    /// <summary>The seed sent, or null when none was (or it was <c>null</c>), with an error when it is not an unsigned 64-bit integer.</summary>
    private static ulong? ReadSeed(UnsignedIntegerOrText? seed, ValidationErrors errors)
    {
        if (seed is not { Sent.ValueKind: not JsonValueKind.Null } sent)
        {
            return null;
        }

        if (sent.TryRead(out var value))
        {
            return value;
        }

        errors.Add("seed", "must be an unsigned 64-bit integer (a number or a decimal string)");
        return null;
    }

    /// <summary>The units with their identities validated and normalised; an invalid one is named in the errors and left out.</summary>
    private static List<Unit> ReadUnits(IReadOnlyList<SamplingUnitBody?> items, DateOnly today, ValidationErrors errors)
    {
        var units = new List<Unit>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"units[{i}]";
            if (items[i] is not { } item)
            {
                errors.Add($"{path}.subject", "is required");
                continue;
            }

            var subject = item.Subject?.ToSubject($"{path}.subject", item.Subject.Name, today, errors);
            var related = ImmutableArray.CreateBuilder<RelatedInput>();
            for (var j = 0; j < (item.RelatedPersons?.Count ?? 0); j++)
            {
                var personPath = $"{path}.relatedPersons[{j}]";
                if (item.RelatedPersons![j] is not { } person)
                {
                    errors.Add($"{personPath}.role", "is required");
                    errors.Add($"{personPath}.idType", "is required");
                    errors.Add($"{personPath}.idNumber", "is required");
                    continue;
                }

                if (person.ToSubject(personPath, person.Name, today, errors) is { } valid && !errors.Has($"{personPath}.role"))
                {
                    related.Add(new RelatedInput(SubjectReader.RelatedRoles[person.Role], new SubjectInput(valid.IdType, valid.IdNumber)));
                }
            }

            if (subject is not null)
            {
                units.Add(new Unit(item.Ref, new SubjectInput(subject.IdType, subject.IdNumber), related.ToImmutable()));
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
