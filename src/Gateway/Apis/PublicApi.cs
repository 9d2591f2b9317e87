using JointPunishment.Gateway.PublicList;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Domain.PublicList;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Keys;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// 三(一): the list is open to the public free of charge, showing only active, public listings with masked numbers;
/// 四(二)7: republishers follow the delisting feed to delete what was shielded or revoked. No key needed; each client
/// address is rate-limited so the list cannot be scraped wholesale.
/// </summary>
public static class PublicApi
{
    public const int MaxFeedLimit = 1000;
    public const int MaxPageSize = 50;

    /// <summary>How deep pages may go: a person looks for someone, nobody needs the 1001st close match.</summary>
    public const int MaxResults = 1000;

    /// <summary>Red-list entries under one name at most: a person looks for someone, not for a list.</summary>
    public const int MaxRedListResults = 100;

    private const int MinNameLength = 2;
    private const int MaxNameLength = 100;
    private static readonly IdType[] AllIdTypes = [IdType.ResidentId, IdType.Uscc, IdType.OrgCode, IdType.Passport];

    public static RouteGroupBuilder MapPublicApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/public").WithTags("Public").RequirePublicRateLimit(PublicRateLimiting.Policy);
        group.MapGet("/debtors", FindDebtorsAsync)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("FindPublicDebtors")
            .WithSummary("Active public listings by name (exact after normalisation; close names marked similar), optionally narrowed by identity number. Numbers are masked.");
        group.MapGet("/delistings", GetDelistingsAsync)
            .WithName("GetDelistings")
            .WithSummary("Public entries shielded or revoked since the cursor, in order; republishers delete them (四(二)7).");
        group.MapGet("/red-list", FindRedListAsync)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("FindPublicRedList")
            .WithSummary("The red list (诚信典型) in force by name (exact after normalisation), newest first, at most 100. Numbers are masked.");
        group.MapGet("/agencies", GetAgenciesAsync)
            .WithName("GetPublicAgencies")
            .WithSummary("The registered agencies (revoked ones excepted) a complaint may name: code and name only (四(二)8).");
        return group;
    }

    private static async Task<Results<Ok<PublicDebtorsResponse>, ValidationProblem, ProblemHttpResult>> FindDebtorsAsync(
        HttpContext http, PublicListReader reader, SubjectKeys keys, TimeProvider time,
        string? idNumber = null, string? name = null, string? page = null, string? pageSize = null)
    {
        var errors = new ValidationErrors();
        var keysFound = new List<string>();
        idNumber = string.IsNullOrWhiteSpace(idNumber) ? null : idNumber;
        var normalisedName = string.IsNullOrWhiteSpace(name) ? null : SubjectNames.Normalise(name);
        if (normalisedName is null)
        {
            // CONTRACT "Public": a resident id masked as first 10 + last 4 leaves some 33 candidates for the hidden digits
            // (the check digit rules out the rest), so a number alone would let anyone complete a masked number by trying.
            errors.Add("name", idNumber is null ? "is required" : "is required: idNumber only narrows a query by name");
        }

        if (idNumber is not null)
        {
            // The query does not say what kind of number it is: look it up as every kind it is valid as.
            var today = time.Today();
            foreach (var type in AllIdTypes)
            {
                if (idNumber.Length <= 64 && IdentityParser.TryParse(type, idNumber, today, out var identity, out _))
                {
                    keysFound.Add(keys.For(identity.Type, identity.Number));
                }
            }

            if (keysFound.Count == 0)
            {
                errors.Add("idNumber", "must be a resident id, unified social credit code, organisation code or passport number");
            }
        }

        CheckNameLength(normalisedName, errors);

        var pageNumber = QueryParameters.Int(page, "page", 1, MaxResults, 1, errors);
        var size = QueryParameters.Int(pageSize, "pageSize", 1, MaxPageSize, 20, errors);
        if (!errors.Any && (long)pageNumber * size > MaxResults)
        {
            errors.Add("page", $"only the first {MaxResults} results can be paged through; refine the query");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var result = await reader.FindAsync(new PublicQuery(keysFound, normalisedName!, pageNumber, size), http.RequestAborted);
        if (result is null)
        {
            http.Response.Headers.RetryAfter = "1";
            return Problems.Busy("The public query is busy; retry after the time in Retry-After.");
        }

        return TypedResults.Ok(result);
    }

    /// <summary>五(三): the red list by name, under the rules of the debtor query (name required, 2 to 100 characters, normalised).</summary>
    private static async Task<Results<Ok<PublicRedListResponse>, ValidationProblem, ProblemHttpResult>> FindRedListAsync(HttpContext http, PublicListReader reader, TimeProvider time, string? name = null)
    {
        var errors = new ValidationErrors();
        var normalisedName = string.IsNullOrWhiteSpace(name) ? null : SubjectNames.Normalise(name);
        if (normalisedName is null)
        {
            errors.Add("name", "is required");
        }

        CheckNameLength(normalisedName, errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var result = await reader.FindRedListAsync(normalisedName!, time.Today(), MaxRedListResults, http.RequestAborted);
        if (result is null)
        {
            http.Response.Headers.RetryAfter = "1";
            return Problems.Busy("The public query is busy; retry after the time in Retry-After.");
        }

        return TypedResults.Ok(result);
    }

    private static void CheckNameLength(string? normalisedName, ValidationErrors errors)
    {
        if (normalisedName is not null && normalisedName.Length is < MinNameLength or > MaxNameLength)
        {
            errors.Add("name", $"must be {MinNameLength} to {MaxNameLength} characters");
        }
    }

    public sealed record PublicAgencyDto(string Code, string Name);

    public sealed record PublicAgenciesResponse(IReadOnlyList<PublicAgencyDto> Items);

    private static async Task<Ok<PublicAgenciesResponse>> GetAgenciesAsync(HttpContext http, PublicAgencies agencies)
    {
        var list = await agencies.ListAsync().WaitAsync(http.RequestAborted);
        http.Response.Headers.CacheControl = $"public, max-age={(int)PublicAgencies.Lifetime.TotalSeconds}";
        return TypedResults.Ok(new PublicAgenciesResponse([.. list.Select(a => new PublicAgencyDto(a.Code, a.Name))]));
    }

    private static async Task<Results<Ok<DelistingsResponse>, ValidationProblem>> GetDelistingsAsync(HttpContext http, PublicListReader reader, string? after = null, string? limit = null)
    {
        var errors = new ValidationErrors();
        var (position, count) = QueryParameters.Feed(after, limit, MaxFeedLimit, errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok(await reader.DelistingsAfterAsync(position, count, http.RequestAborted));
    }
}
