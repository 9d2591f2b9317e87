using JointPunishment.Gateway.Telemetry;

namespace JointPunishment.Gateway.Extensions;

/// <summary>
/// Orleans' default filter gives up after 15 attempts, which would leave a gateway started before its
/// silos unable ever to connect. The gateway keeps trying, once a second, until it is stopped; meanwhile
/// <c>/health</c> answers 503.
/// </summary>
internal sealed partial class RetryForeverConnectionFilter(ILogger<RetryForeverConnectionFilter> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        LogRetrying(exception.GetType().Name, exception.Message);
        await Task.Delay(Delay, cancellationToken);
        return true;
    }

    [LoggerMessage(EventId = GatewayEventIds.ClusterUnreachable, Level = LogLevel.Warning, Message = "Cannot reach the cluster yet ({ExceptionType}: {Reason}); retrying")]
    private partial void LogRetrying(string exceptionType, string reason);
}
