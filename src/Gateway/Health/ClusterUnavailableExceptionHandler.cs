using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using Orleans.Runtime.Messaging;
using JointPunishment.Gateway.Telemetry;

namespace JointPunishment.Gateway.Health;

/// <summary>
/// A request that fails because the cluster cannot be reached right now (silos starting, a silo lost, a
/// timeout) or because PostgreSQL cannot be reached (restarting, failing over: a transient Npgsql error, in the
/// gateway or in a silo) is answered 503 with Retry-After, never 500: the caller should retry, and nothing was decided.
/// </summary>
internal sealed partial class ClusterUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsTransient(exception))
        {
            return false;
        }

        // The route template, not the path: a path such as /v1/court/subjects/resident_id/… carries an identity number.
        LogUnavailable(exception.GetType().Name, (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no endpoint)");
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = 503, Title = "Service unavailable", Detail = "The cluster could not answer right now; retry shortly." },
            Exception = exception,
        });
    }

    private static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or ObjectDisposedException => true,
        NpgsqlException { IsTransient: true } => true,
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown } => true,
        // The copy a silo sends keeps the message ("57P01: terminating connection…") but not SqlState.
        NpgsqlException when exception.Message.StartsWith("57P0", StringComparison.Ordinal) => true,
        // Grain storage could not read or write a grain's state (the silo's database is unreachable): nothing was stored.
        OrleansException when exception.Message.StartsWith("Error from storage provider", StringComparison.Ordinal) => true,
        // The client's view of grain types is not loaded yet while it connects to a starting cluster.
        ArgumentException when exception.Message.StartsWith("Could not find an implementation", StringComparison.Ordinal) => true,
        InvalidOperationException when exception.Message.Contains("not initialized", StringComparison.OrdinalIgnoreCase) => true,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    [LoggerMessage(EventId = GatewayEventIds.ClusterUnavailableAnswered, Level = LogLevel.Warning, Message = "Cluster unavailable ({ExceptionType}) for {Route}: answered 503")]
    private partial void LogUnavailable(string exceptionType, string route);
}
