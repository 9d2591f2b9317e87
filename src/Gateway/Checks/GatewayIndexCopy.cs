using JointPunishment.Gateway.Extensions;
using JointPunishment.Grains.Checks;

namespace JointPunishment.Gateway.Checks;

/// <summary>
/// Follows the index shards into this gateway's own <see cref="LocalIndexReplica"/> once the Orleans client has
/// connected, under the same leases as the silos' copies: a listing is acknowledged to its court only once this
/// copy has it too (or its lease ran out, after which it answers nothing).
/// </summary>
public sealed class GatewayIndexCopy(ClusterConnection connection, LocalIndexReplica replica) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var client = await connection.Connected.WaitAsync(stoppingToken);
        await replica.RunAsync(client, stoppingToken);
    }
}
