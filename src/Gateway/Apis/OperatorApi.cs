using System.Collections.Immutable;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.Validation;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;
using Orleans.Runtime;

namespace JointPunishment.Gateway.Apis;

public static class OperatorApi
{
    public static RouteGroupBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Operator");
        group.MapPost("/agencies", RegisterAgencyAsync).RequireCaller(CallerRole.Operator)
            .WithName("RegisterAgency").WithSummary("Registers an agency with the measures it holds; returns its API key once.");
        group.MapPost("/courts", RegisterCourtAsync).RequireCaller(CallerRole.Operator)
            .WithName("RegisterCourt").WithSummary("Registers a court; returns its API key once.");
        group.MapPost("/agencies/{code}/key", (string code, IGrainFactory grains) => ReplaceKeyAsync(grains.GetGrain<IAgencyGrain>(GrainKeys.Agency(code)), ApiKey.AgencyPrefix, code))
            .RequireCaller(CallerRole.Operator)
            .WithName("RotateAgencyKey").WithSummary("Issues a new API key for an agency; the old one stops working within seconds.");
        group.MapPost("/courts/{code}/key", (string code, IGrainFactory grains) => ReplaceKeyAsync(grains.GetGrain<ICourtGrain>(GrainKeys.Court(code)), ApiKey.CourtPrefix, code))
            .RequireCaller(CallerRole.Operator)
            .WithName("RotateCourtKey").WithSummary("Issues a new API key for a court; the old one stops working within seconds.");
        group.MapGet("/cluster", GetClusterAsync).RequireCaller(CallerRole.Operator)
            .WithName("GetCluster").WithSummary("The silos of the cluster with their status and activation counts.");
        return group;
    }

    public sealed record Registered(string Code, string ApiKey);

    private static async Task<IResult> RegisterAgencyAsync(HttpRequest request, IGrainFactory grains)
    {
        var (json, problem) = await RequestBody.ReadAsync(request);
        if (json is null)
        {
            return problem!;
        }

        using var owned = json;
        var (body, errors) = (json.Body, json.Errors);
        var (code, name) = ReadCodeAndName(body);
        var measures = ImmutableArray.CreateBuilder<string>();
        var items = body.Array("measures", required: true, maxItems: MeasureCatalogue.All.Length);
        for (var i = 0; items is not null && i < items.Count; i++)
        {
            if (items[i].AsString() is { } measure && MeasureCatalogue.TryGet(measure, out var _))
            {
                measures.Add(measure);
            }
            else
            {
                errors.Add($"measures[{i}]", "is not a measure code of the catalogue (GET /v1/catalogue)");
            }
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var secret = ApiKey.NewSecret();
        var created = await grains.GetGrain<IAgencyGrain>(GrainKeys.Agency(code!)).RegisterAsync(name!, [.. measures.Distinct()], secret);
        return created
            ? TypedResults.Created($"/v1/agencies/{code}", new Registered(code!, ApiKey.Format(ApiKey.AgencyPrefix, code!, secret)))
            : Problems.Conflict($"An agency with code '{code}' is already registered.");
    }

    private static async Task<IResult> RegisterCourtAsync(HttpRequest request, IGrainFactory grains)
    {
        var (json, problem) = await RequestBody.ReadAsync(request);
        if (json is null)
        {
            return problem!;
        }

        using var owned = json;
        var errors = json.Errors;
        var (code, name) = ReadCodeAndName(json.Body);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var secret = ApiKey.NewSecret();
        var created = await grains.GetGrain<ICourtGrain>(GrainKeys.Court(code!)).RegisterAsync(name!, [], secret);
        return created
            ? TypedResults.Created($"/v1/courts/{code}", new Registered(code!, ApiKey.Format(ApiKey.CourtPrefix, code!, secret)))
            : Problems.Conflict($"A court with code '{code}' is already registered.");
    }

    private static async Task<IResult> ReplaceKeyAsync(IPrincipalGrain principal, string prefix, string code)
    {
        if (!ApiKey.CodePattern().IsMatch(code))
        {
            return Problems.NotFound($"Nothing is registered as '{code}'.");
        }

        var secret = ApiKey.NewSecret();
        return await principal.ReplaceKeyAsync(secret)
            ? TypedResults.Ok(new Registered(code, ApiKey.Format(prefix, code, secret)))
            : Problems.NotFound($"Nothing is registered as '{code}'.");
    }

    private static (string? Code, string? Name) ReadCodeAndName(JsonFields body)
    {
        var code = body.String("code", required: true, maxLength: 64);
        if (code is not null && !ApiKey.CodePattern().IsMatch(code))
        {
            body.Errors.Add("code", "may contain only letters, digits, '-' and '_', starting with a letter or digit");
        }

        return (code, body.String("name", required: true, maxLength: 200));
    }

    public sealed record SiloDto(string Address, string Status, int Activations);

    public sealed record ClusterDto(IReadOnlyList<SiloDto> Silos);

    private static async Task<IResult> GetClusterAsync(IGrainFactory grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: false);
        var active = hosts.Where(h => h.Value == SiloStatus.Active).Select(h => h.Key).ToArray();
        var stats = active.Length == 0 ? [] : await management.GetRuntimeStatistics(active);
        var activations = active.Zip(stats).ToDictionary(p => p.First, p => p.Second.ActivationCount);
        return TypedResults.Ok(new ClusterDto([.. hosts
            .OrderBy(h => h.Key.ToString(), StringComparer.Ordinal)
            .Select(h => new SiloDto(h.Key.ToParsableString(), StatusName(h.Value), activations.GetValueOrDefault(h.Key)))]));
    }

    private static string StatusName(SiloStatus status) => status switch
    {
        SiloStatus.Active => "active",
        SiloStatus.Created or SiloStatus.Joining => "joining",
        SiloStatus.ShuttingDown or SiloStatus.Stopping => "shutting_down",
        _ => "dead",
    };
}
