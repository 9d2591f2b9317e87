using System.Globalization;
using System.Collections.Frozen;
using System.Collections.Immutable;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;
using JointPunishment.Grains.Wire.Records;
using JointPunishment.Storage.Audit;
using Orleans.Runtime;

namespace JointPunishment.Gateway.Apis;

public static class OperatorApi
{
    private static readonly FrozenDictionary<string, ConsumerRole> ConsumerRoles = WireNames.Parser<ConsumerRole>();

    public static RouteGroupBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Operator");
        group.MapPost("/agencies", RegisterAgencyAsync).RequireCaller(CallerRole.Operator)
            .AcceptsJson<AgencyRegistrationBody>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RegisterAgency").WithSummary("Registers an agency with the measures it holds; returns its API key once.");
        group.MapPost("/courts", RegisterCourtAsync).RequireCaller(CallerRole.Operator)
            .AcceptsJson<CourtRegistrationBody>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RegisterCourt").WithSummary("Registers a court, optionally with the higher court that hears its reconsiderations; returns its API key once.");
        group.MapPost("/consumers", RegisterConsumerAsync).RequireCaller(CallerRole.Operator)
            .AcceptsJson<ConsumerRegistrationBody>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RegisterConsumer").WithSummary("Registers a system that reads feeds (credit_platform: the public credit information system; node: a downstream node); returns its API key once.");
        group.MapPrincipalDirectory();
        MapKeys(group, "agencies", "Agency", ApiKey.AgencyPrefix, (grains, code) => grains.GetGrain<IAgencyGrain>(GrainKeys.Agency(code)));
        MapKeys(group, "courts", "Court", ApiKey.CourtPrefix, (grains, code) => grains.GetGrain<ICourtGrain>(GrainKeys.Court(code)));
        MapKeys(group, "consumers", "Consumer", ApiKey.ConsumerPrefix, (grains, code) => grains.GetGrain<IConsumerGrain>(GrainKeys.Consumer(code)));
        group.MapGet("/audit", ReadAuditAsync).RequireCaller(CallerRole.Operator)
            .WithName("ReadAudit").WithSummary("The append-only record of operator and court actions: oldest first after an entry id (`after`), or newest first before one (`before`).");
        group.MapGet("/cluster", GetClusterAsync).RequireCaller(CallerRole.Operator)
            .WithName("GetCluster").WithSummary("The silos of the cluster with their status and activation counts.");
        return group;
    }

    /// <summary>An agency to register (CONTRACT "Operator"); an existing code is 409.</summary>
    public sealed record AgencyRegistrationBody
    {
        /// <summary>The agency's code: letters, digits, '-' and '_', starting with a letter or digit.</summary>
        [Required]
        [RegularExpression(ApiKey.CodeExpression, ApiKey.CodeMessage)]
        public required string Code { get; init; }

        /// <summary>The agency's name.</summary>
        [Required]
        [MaxLength(200)]
        public required string Name { get; init; }

        /// <summary>The measure codes of the catalogue the agency holds (an unknown one is 400), at most as many as the catalogue has.</summary>
        [Required]
        public required IReadOnlyList<string> Measures { get; init; }
    }

    /// <summary>A court to register; an existing code is 409.</summary>
    public sealed record CourtRegistrationBody
    {
        /// <summary>The court's code: letters, digits, '-' and '_', starting with a letter or digit.</summary>
        [Required]
        [RegularExpression(ApiKey.CodeExpression, ApiKey.CodeMessage)]
        public required string Code { get; init; }

        /// <summary>The court's name.</summary>
        [Required]
        [MaxLength(200)]
        public required string Name { get; init; }

        /// <summary>The code of another registered court, which hears reconsideration of this court's dismissals (四(二)3).</summary>
        [MaxLength(64)]
        public string? HigherCourt { get; init; }
    }

    /// <summary>A system that reads feeds; an existing code is 409.</summary>
    public sealed record ConsumerRegistrationBody
    {
        /// <summary>The consumer's code: letters, digits, '-' and '_', starting with a letter or digit.</summary>
        [Required]
        [RegularExpression(ApiKey.CodeExpression, ApiKey.CodeMessage)]
        public required string Code { get; init; }

        /// <summary>The consumer's name.</summary>
        [Required]
        [MaxLength(200)]
        public required string Name { get; init; }

        /// <summary><c>credit_platform</c>: the public credit information system; <c>node</c>: a downstream node.</summary>
        [Required]
        [AllowedValues("credit_platform", "node")]
        public required string Role { get; init; }
    }

    /// <summary>The code registered and its API key, shown this once.</summary>
    public sealed record Registered(string Code, string ApiKey);

    private static void MapKeys(RouteGroupBuilder group, string collection, string kind, string prefix, Func<IGrainFactory, string, IPrincipalGrain> principal)
    {
        group.MapPost($"/{collection}/{{code}}/keys", (string code, HttpContext http, IGrainFactory grains, AuditLog audit) =>
                RotateAsync(http, principal(grains, code), prefix, kind.ToLowerInvariant(), code, audit))
            .RequireCaller(CallerRole.Operator)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName($"Rotate{kind}Key").WithSummary($"Issues a new key for the {kind.ToLowerInvariant()}; the old key stops working on every gateway at once.");
        group.MapDelete($"/{collection}/{{code}}/keys", (string code, HttpContext http, IGrainFactory grains, AuditLog audit) =>
                RevokeAsync(http, principal(grains, code), code, audit))
            .RequireCaller(CallerRole.Operator)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName($"Revoke{kind}Key").WithSummary($"Revokes the {kind.ToLowerInvariant()}'s key until it is rotated; effective on every gateway at once.");
    }

    public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long Next);

    private static async Task<Results<Ok<Registered>, ProblemHttpResult>> RotateAsync(HttpContext http, IPrincipalGrain principal, string prefix, string kind, string code, AuditLog audit)
    {
        var secret = ApiKey.NewSecret();
        if (!await principal.RotateKeyAsync(secret))
        {
            return Problems.NotFound($"No {kind} is registered as '{code}'.");
        }

        await audit.RecordAsync("operator", http.Caller().Code, "key_rotated", principal.GetPrimaryKeyString());
        return TypedResults.Ok(new Registered(code, ApiKey.Format(prefix, code, secret)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(HttpContext http, IPrincipalGrain principal, string code, AuditLog audit)
    {
        if (!await principal.RevokeAsync())
        {
            return Problems.NotFound($"Nothing is registered as '{code}'.");
        }

        await audit.RecordAsync("operator", http.Caller().Code, "key_revoked", principal.GetPrimaryKeyString());
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem>> ReadAuditAsync(AuditLog audit, string? after, string? before, string? limit)
    {
        // Read by hand, like the other paged endpoints, so a malformed value is a problem naming it.
        var errors = new ValidationErrors();
        var count = QueryParameters.Int(limit, "limit", 1, 1000, 100, errors);
        var from = EntryId(after, "after", 0, errors);
        var until = EntryId(before, "before", long.MaxValue, errors);
        if (after is not null && before is not null)
        {
            errors.Add("before", "must not be given with after");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        // after: oldest first, next is the last id read; before: newest first, next is the oldest id read.
        var items = before is null ? await audit.ReadAsync(from, count) : await audit.ReadBeforeAsync(until, count);
        return TypedResults.Ok(new AuditPage(items, items.Count > 0 ? items[^1].Id : before is null ? from : until));
    }

    private static long EntryId(string? text, string name, long fallback, ValidationErrors errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        errors.Add(name, "must be an entry id (0 or more)");
        return fallback;
    }

    private static async Task<Results<Created<Registered>, ValidationProblem, ProblemHttpResult>> RegisterAgencyAsync(RequestBody<AgencyRegistrationBody> request, HttpContext http, IGrainFactory grains, AuditLog audit)
    {
        var (body, errors) = request;
        var measures = ImmutableArray.CreateBuilder<string>();
        var items = body.Measures;
        if (items is not null && items.Count > MeasureCatalogue.All.Length)
        {
            // The catalogue's size is not a constant an attribute could name.
            errors.Add("measures", $"must have at most {MeasureCatalogue.All.Length} items");
            items = null;
        }

        for (var i = 0; items is not null && i < items.Count; i++)
        {
            if (items[i] is { } measure && MeasureCatalogue.TryGet(measure, out var _))
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
        var (code, name) = (body.Code, body.Name);
        var created = await grains.GetGrain<IAgencyGrain>(GrainKeys.Agency(code)).RegisterAsync(name, [.. measures.Distinct()], secret, higherCourt: null);
        if (created)
        {
            await audit.RecordAsync("operator", http.Caller().Code, "agency_registered", GrainKeys.Agency(code), new { measures });
        }

        return created
            ? TypedResults.Created($"/v1/agencies/{code}", new Registered(code, ApiKey.Format(ApiKey.AgencyPrefix, code, secret)))
            : Problems.Conflict($"An agency with code '{code}' is already registered.");
    }

    private static async Task<Results<Created<Registered>, ValidationProblem, ProblemHttpResult>> RegisterCourtAsync(RequestBody<CourtRegistrationBody> request, HttpContext http, IGrainFactory grains, AuditLog audit)
    {
        var (body, errors) = request;
        var (code, name, higherCourt) = (body.Code, body.Name, body.HigherCourt);
        if (higherCourt is not null && !errors.Any && !await IsHigherCourtAsync(grains, higherCourt, code))
        {
            errors.Add("higherCourt", "must be the code of another registered court (the court that hears reconsideration, 四(二)3)");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var secret = ApiKey.NewSecret();
        var created = await grains.GetGrain<ICourtGrain>(GrainKeys.Court(code)).RegisterAsync(name, [], secret, higherCourt);
        if (created)
        {
            await audit.RecordAsync("operator", http.Caller().Code, "court_registered", GrainKeys.Court(code), new { higherCourt });
        }

        return created
            ? TypedResults.Created($"/v1/courts/{code}", new Registered(code, ApiKey.Format(ApiKey.CourtPrefix, code, secret)))
            : Problems.Conflict($"A court with code '{code}' is already registered.");
    }

    /// <summary>Whether <paramref name="higherCourt"/> is a registered court other than <paramref name="code"/> (a malformed code never is).</summary>
    private static async Task<bool> IsHigherCourtAsync(IGrainFactory grains, string higherCourt, string code) =>
        higherCourt != code && ApiKey.CodePattern().IsMatch(higherCourt)
        && await grains.GetGrain<ICourtGrain>(GrainKeys.Court(higherCourt)).GetAsync() is not null;

    private static async Task<Results<Created<Registered>, ValidationProblem, ProblemHttpResult>> RegisterConsumerAsync(RequestBody<ConsumerRegistrationBody> request, HttpContext http, IGrainFactory grains, AuditLog audit)
    {
        var (body, errors) = request;
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var (code, name, role) = (body.Code, body.Name, ConsumerRoles[body.Role]);
        var secret = ApiKey.NewSecret();
        var created = await grains.GetGrain<IConsumerGrain>(GrainKeys.Consumer(code)).RegisterConsumerAsync(name, role, secret);
        if (created)
        {
            await audit.RecordAsync("operator", http.Caller().Code, "consumer_registered", GrainKeys.Consumer(code), new { role = WireNames.Of(role) });
        }

        return created
            ? TypedResults.Created($"/v1/consumers/{code}", new Registered(code, ApiKey.Format(ApiKey.ConsumerPrefix, code, secret)))
            : Problems.Conflict($"A consumer with code '{code}' is already registered.");
    }

    public sealed record SiloDto(string Address, string Status, int Activations);

    public sealed record ClusterDto(IReadOnlyList<SiloDto> Silos);

    private static async Task<Ok<ClusterDto>> GetClusterAsync(IGrainFactory grains)
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
