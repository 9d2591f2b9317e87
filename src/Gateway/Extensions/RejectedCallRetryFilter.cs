using Orleans.Runtime;
using JointPunishment.Gateway.Telemetry;

namespace JointPunishment.Gateway.Extensions;

/// <summary>
/// A call the cluster rejected (its silo is shutting down or was just lost, so the activation is moving) was
/// never invoked: the gateway sends it again, a few times over about a second, before the request is answered
/// 503. A graceful silo stop thus fails no request. Only rejections are retried; a call that may have run is not.
/// </summary>
internal sealed partial class RejectedCallRetryFilter(ILogger<RejectedCallRetryFilter> logger) : IOutgoingGrainCallFilter
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(750)];

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await context.Invoke();
                return;
            }
            catch (OrleansMessageRejectionException ex) when (attempt < Delays.Length)
            {
                LogRetrying(context.InterfaceName, context.MethodName, attempt + 1, ex.Message);
                await Task.Delay(Delays[attempt]);
            }
        }
    }

    [LoggerMessage(EventId = GatewayEventIds.CallRejectedRetrying, Level = LogLevel.Information, Message = "{Interface}.{Method} was rejected by the cluster; sending it again (attempt {Attempt}): {Reason}")]
    private partial void LogRetrying(string @interface, string method, int attempt, string reason);
}
