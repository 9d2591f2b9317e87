using System.Text.Json;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.PublicList;
using JointPunishment.Gateway.Validation;
using JointPunishment.Storage.Federation;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// The federation feed (CONTRACT.md "Following the national list"): the court events this node applied, in order, for
/// downstream nodes (<c>node</c> consumers) to follow with a cursor.
/// </summary>
public static class FederationApi
{
    public const int MaxLimit = 1000;

    public sealed record FederationEventDto(long Seq, string Court, JsonElement Event, DateTimeOffset At);

    public sealed record FederationEventsResponse(IReadOnlyList<FederationEventDto> Items, string Next);

    public static RouteGroupBuilder MapFederationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/federation").WithTags("Federation");
        group.MapGet("/events", GetEventsAsync).RequireCaller(CallerRole.Node)
            .WithName("GetFederationEvents").WithSummary("The court events this node applied after a cursor, in order, each with its court; for downstream nodes.");
        return group;
    }

    private static async Task<Results<Ok<FederationEventsResponse>, ValidationProblem>> GetEventsAsync(HttpContext http, FederationLog log, string? after = null, string? limit = null)
    {
        var errors = new ValidationErrors();
        var (position, count) = QueryParameters.Feed(after, limit, MaxLimit, errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var events = await log.ReadAfterAsync(position, count, http.RequestAborted);
        var items = events.Select(e => new FederationEventDto(e.Seq, e.Court, JsonSerializer.Deserialize<JsonElement>(e.Event), e.AppliedAt)).ToList();
        return TypedResults.Ok(new FederationEventsResponse(items, DelistingCursor.Format(items.Count > 0 ? items[^1].Seq : position)));
    }
}
