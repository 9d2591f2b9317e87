using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Domain.Deadlines;
using JointPunishment.Storage.Deadlines;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// 四(二) deadlines the courts themselves must keep, and 四(二)9 (不按规定屏蔽、撤销 … 追究相应的责任): correction
/// requests not ruled on within 3 days, performed obligations not shielded or revoked within 3 days, reconsiderations
/// not decided within 15 days, referred objections not taken up within 3 days. A court sees the steps it owes (for a
/// reconsideration that is the higher court deciding it); the operator sees every court's.
/// </summary>
public static class OverdueApi
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10_000;

    public static RouteGroupBuilder MapOverdueApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/court").WithTags("Court");
        group.MapGet("/overdue", GetOverdueAsync).RequireCaller(CallerRole.Court, CallerRole.Operator)
            .WithName("GetOverdue").WithSummary("Court steps past their deadline (四(二)3, 四(二)4): the caller court's own, or all for the operator.");
        return group;
    }

    public sealed record OverdueItem(string CaseNumber, string Court, string Step, DateOnly DueOn, int DaysOverdue);

    public sealed record OverdueResponse(IReadOnlyList<OverdueItem> Items);

    private static async Task<Results<Ok<OverdueResponse>, ValidationProblem>> GetOverdueAsync(HttpContext http, OverdueStore store, TimeProvider time, string? limit)
    {
        var errors = new ValidationErrors();
        var max = QueryParameters.Int(limit, "limit", 1, MaxLimit, DefaultLimit, errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var caller = http.Caller();
        var today = time.Today();
        var steps = await store.ListAsync(caller.Role == CallerRole.Court ? caller.Code : null, today, max, http.RequestAborted);
        return TypedResults.Ok(new OverdueResponse([.. steps.Select(s => new OverdueItem(
            s.CaseNumber, s.Court, WireNames.Of(s.Kind), s.DueOn, CourtDeadlines.DaysOverdue(s.DueOn, today)))]));
    }
}
