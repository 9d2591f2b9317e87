namespace JointPunishment.Gateway.Telemetry;

/// <summary>
/// When a request entered the gateway's pipeline (a <see cref="TimeProvider"/> timestamp), set first thing for every
/// request, so that the checks' latency (<see cref="GatewayMetrics.Start"/>) counts reading and binding the body too.
/// </summary>
public sealed class RequestArrival(long timestamp)
{
    public long Timestamp => timestamp;

    /// <summary>Marks every request's arrival; goes before any other middleware.</summary>
    public static IApplicationBuilder UseRequestArrival(IApplicationBuilder app, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use((context, next) =>
        {
            context.Features.Set(new RequestArrival(time.GetTimestamp()));
            return next(context);
        });
    }
}
