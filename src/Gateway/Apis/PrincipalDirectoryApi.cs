using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Principals;
using JointPunishment.Storage.Directory;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// What is registered, for the operator: <c>GET /v1/agencies</c>, <c>/v1/courts</c>, <c>/v1/consumers</c> (by code, a page
/// at a time) and each by code, which is where the <c>Location</c> of a registration points. Read from the directory in
/// PostgreSQL (<c>jp_principal</c>, kept by the principal grains), never by activating a grain per principal; revoked
/// ones are listed with <c>keyStatus</c> <c>revoked</c>. No key or key hash is in the directory, so none is in an answer.
/// </summary>
public static class PrincipalDirectoryApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static RouteGroupBuilder MapPrincipalDirectory(this RouteGroupBuilder group)
    {
        Map(group, "agencies", "Agencies", "Agency", PrincipalEntry.Agency, e => new AgencyDto(e.Code, e.Name, e.Measures, KeyStatus(e), e.RegisteredAt, e.KeyChangedAt));
        Map(group, "courts", "Courts", "Court", PrincipalEntry.Court, e => new CourtDto(e.Code, e.Name, e.HigherCourt, KeyStatus(e), e.RegisteredAt, e.KeyChangedAt));
        Map(group, "consumers", "Consumers", "Consumer", PrincipalEntry.Consumer,
            e => new ConsumerDto(e.Code, e.Name, e.ConsumerRole is { } role ? WireNames.Of(role) : null, KeyStatus(e), e.RegisteredAt, e.KeyChangedAt));
        return group;
    }

    /// <summary>An agency: the measures it holds; <c>keyStatus</c> <c>active</c> or <c>revoked</c>.</summary>
    public sealed record AgencyDto(string Code, string Name, IReadOnlyList<string> Measures, string KeyStatus, DateTimeOffset RegisteredAt, DateTimeOffset? KeyChangedAt);

    /// <summary>A court: the court that hears reconsideration of its dismissals, when registered with one.</summary>
    public sealed record CourtDto(string Code, string Name, string? HigherCourt, string KeyStatus, DateTimeOffset RegisteredAt, DateTimeOffset? KeyChangedAt);

    /// <summary>A feed consumer: its role, <c>credit_platform</c> or <c>node</c>.</summary>
    public sealed record ConsumerDto(string Code, string Name, string? Role, string KeyStatus, DateTimeOffset RegisteredAt, DateTimeOffset? KeyChangedAt);

    /// <summary>A page by code; <c>next</c>, when present, is the <c>after</c> of the next page.</summary>
    public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

    private static void Map<T>(RouteGroupBuilder group, string collection, string plural, string singular, string kind, Func<PrincipalEntry, T> dto)
    {
        group.MapGet($"/{collection}", async Task<Results<Ok<Page<T>>, ValidationProblem>> (HttpContext http, PostgresPrincipalDirectory directory, string? after, string? limit) =>
            {
                var errors = new ValidationErrors();
                var count = QueryParameters.Int(limit, "limit", 1, MaxLimit, DefaultLimit, errors);
                if (after is not null && !ApiKey.CodePattern().IsMatch(after))
                {
                    errors.Add("after", "must be a code (the next of the previous page)");
                }

                if (errors.Any)
                {
                    return Problems.Invalid(errors);
                }

                // One more than asked says whether there is a next page without a second query.
                var entries = await directory.ListAsync(kind, after, count + 1, http.RequestAborted);
                var page = entries.Take(count).ToList();
                return TypedResults.Ok(new Page<T>([.. page.Select(dto)], entries.Count > count ? page[^1].Code : null));
            })
            .RequireCaller(CallerRole.Operator)
            .WithName($"List{plural}").WithSummary($"The registered {collection} by code, revoked ones too, {DefaultLimit} (at most {MaxLimit}) at a time after the code `after`.");
        group.MapGet($"/{collection}/{{code}}", async Task<Results<Ok<T>, ProblemHttpResult>> (string code, HttpContext http, PostgresPrincipalDirectory directory) =>
                await directory.GetAsync(kind, code, http.RequestAborted) is { } entry
                    ? TypedResults.Ok(dto(entry))
                    : Problems.NotFound($"Nothing is registered as '{code}' among the {collection}."))
            .RequireCaller(CallerRole.Operator)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName($"Get{singular}").WithSummary($"One of the registered {collection} (the Location of its registration); 404 when none has this code.");
    }

    private static string KeyStatus(PrincipalEntry entry) => entry.Active ? "active" : "revoked";
}
