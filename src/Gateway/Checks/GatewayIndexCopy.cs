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
        // A follow call in flight is not cancellable (it ends within the poll timeout, or when the client stops), so
        // the gateway's stop does not wait for it.
        await replica.RunAsync(client, stoppingToken).WaitAsync(stoppingToken);
    }
}
