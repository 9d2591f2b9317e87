using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime.Messaging;

namespace JointPunishment.Gateway.Health;

/// <summary>
/// A request that fails because the cluster cannot be reached right now (silos starting, a silo lost, a
/// timeout) is answered 503 with Retry-After, never 500: the caller should retry, and nothing was decided.
/// </summary>
internal sealed partial class ClusterUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsTransient(exception))
        {
            return false;
        }

        LogUnavailable(exception.GetType().Name, http.Request.Path);
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
        TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException => true,
        // The client's view of grain types is not loaded yet while it connects to a starting cluster.
        ArgumentException when exception.Message.StartsWith("Could not find an implementation", StringComparison.Ordinal) => true,
        InvalidOperationException when exception.Message.Contains("not initialized", StringComparison.OrdinalIgnoreCase) => true,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Cluster unavailable ({ExceptionType}) for {Path}: answered 503")]
    private partial void LogUnavailable(string exceptionType, string path);
}
