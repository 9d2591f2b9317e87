using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.Validation;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Federation;

namespace JointPunishment.Gateway.Apis;

/// <summary><c>GET /v1/upstream</c> (CONTRACT.md "Following the national list"): where following the upstream node stands.</summary>
public static class UpstreamApi
{
    public sealed record UpstreamDto(string Url, string Cursor, long Applied, long Rejected, double LagSeconds, string? LastError, DateTimeOffset? LastPolledAt)
    {
        /// <summary>Reporting back: reports the upstream acknowledged, refused, and those waiting; the last failure to send.</summary>
        public required ReportsDto Reports { get; init; }
    }

    public sealed record ReportsDto(long Sent, long Refused, long Pending, string? LastError);

    public static RouteHandlerBuilder MapUpstreamApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/upstream", GetAsync).RequireCaller(CallerRole.Operator).WithTags("Federation")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetUpstream").WithSummary("The upstream node this one follows: its URL, the feed cursor applied up to, events applied, lag and the last error; and the reports sent back to it.");

    private static async Task<Results<Ok<UpstreamDto>, ProblemHttpResult>> GetAsync(IGrainFactory grains) =>
        await grains.GetGrain<IUpstreamFollowerGrain>(GrainKeys.UpstreamFollower).GetStatusAsync() is { } status
            ? TypedResults.Ok(new UpstreamDto(status.Url, PublicList.DelistingCursor.Format(status.Cursor), status.Applied, status.Rejected, Math.Round(status.LagSeconds, 1), status.LastError, status.LastPolledAt)
            {
                Reports = new ReportsDto(status.ReportsSent, status.ReportsRefused, status.ReportsPending, status.ReportError),
            })
            : Problems.NotFound("This node follows no upstream (JP_UPSTREAM_URL is not set on its silos).");
}
