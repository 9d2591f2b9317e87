using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.Validation;
using JointPunishment.Grains.Domain;
using JointPunishment.Storage.Assistance;
using JointPunishment.Storage.Statistics;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// The operator's statistics: per agency, measure and CST day, checks and hits (自动比对、自动拦截) and what the
/// agencies reported back on them (自动反馈, 四(三)): refused, served, reviewed. Feedback counts on the day of its check.
/// <c>assistanceOverdue</c>: per agency, the courts' assistance requests unanswered after their due date, today (CST).
/// Downstream nodes' agencies appear as <c>{node}/{agency}</c>, with what their nodes reported about hits on this
/// node's cases (<see cref="FederationReportsApi"/>).
/// </summary>
public static class StatsApi
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;

    /// <summary>The days a query may name: a day's CST bounds in UTC, and the day after it, must exist.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1), Latest = new(9998, 12, 31);

    public static RouteGroupBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/stats").WithTags("Operator");
        group.MapGet("/", GetStatsAsync).RequireCaller(CallerRole.Operator)
            .WithName("GetStats").WithSummary("Checks, hits, refusals, served and reviewed per agency, measure and day (CST); from/to default to the last 30 days.");
        return group;
    }

    public sealed record StatsItem(string Agency, string? Measure, DateOnly Day, long Checks, long Hits, long Refused, long Served, long Reviewed);

    public sealed record AssistanceOverdueItem(string Agency, long Count);

    public sealed record StatsResponse(DateOnly From, DateOnly To, IReadOnlyList<StatsItem> Items, IReadOnlyList<AssistanceOverdueItem> AssistanceOverdue);

    private static async Task<Results<Ok<StatsResponse>, ValidationProblem>> GetStatsAsync(
        HttpContext http, StatsStore store, AssistanceStore assistance, TimeProvider time, string? from, string? to, string? agency)
    {
        var errors = new ValidationErrors();
        var today = time.Today();
        var last = InRange(QueryParameters.Date(to, "to", errors), "to", errors) ?? today;
        var first = InRange(QueryParameters.Date(from, "from", errors), "from", errors) ?? Max(last.AddDays(1 - DefaultDays), Earliest);
        if (!errors.Any && (first > last || last.DayNumber - first.DayNumber >= MaxDays))
        {
            errors.Add("from", $"must be on or before to, at most {MaxDays} days earlier");
        }

        // A downstream node's agency is counted as {node}/{agency}.
        if (agency?.Split('/') is { } parts && (parts.Length > 2 || !parts.All(ApiKey.CodePattern().IsMatch)))
        {
            errors.Add("agency", "must be an agency code, or {node}/{agency} for a downstream node's agency");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var rows = await store.ReadAsync(first, last, agency, http.RequestAborted);
        var overdue = await assistance.CountOverdueAsync(agency, today, http.RequestAborted);
        return TypedResults.Ok(new StatsResponse(first, last, [.. rows.Select(r =>
            new StatsItem(r.Agency, r.Measure, r.Day, r.Checks, r.Hits, r.Refused, r.Served, r.Reviewed))],
            [.. overdue.Select(o => new AssistanceOverdueItem(o.Key, o.Value))]));
    }

    private static DateOnly? InRange(DateOnly? day, string name, ValidationErrors errors)
    {
        if (day is { } d && (d < Earliest || d > Latest))
        {
            errors.Add(name, $"must be between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}");
            return null;
        }

        return day;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
