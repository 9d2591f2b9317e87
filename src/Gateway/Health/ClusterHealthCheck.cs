using JointPunishment.Grains.Interfaces.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JointPunishment.Gateway.Health;

/// <summary>Healthy only when a grain call round-trips through the cluster within the timeout.</summary>
internal sealed class ClusterHealthCheck(IClusterClient client) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silo = await client.GetGrain<IHealthGrain>(0).PingAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"answered by {silo}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the cluster did not answer a grain call", ex);
        }
    }
}
