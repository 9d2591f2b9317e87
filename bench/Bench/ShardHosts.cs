using JointPunishment.Grains.Interfaces.Checks;
using Microsoft.Extensions.DependencyInjection;

namespace JointPunishment.Bench;

/// <summary>
/// Where the 64 index shard grains (<c>idx:0</c> … <c>idx:63</c>) are active: one line <c>ADDRESS COUNT</c> per silo,
/// most shards first (<c>none COUNT</c> for shards not active anywhere). Asks the grain directory through
/// <see cref="IManagementGrain.GetActivationAddress(IAddressable)"/>, which activates nothing. scripts/fault-index-pause.sh uses it
/// to find the silo to pause.
/// </summary>
public static class ShardHosts
{
    public static async Task<int> RunAsync(string[] args)
    {
        var o = new KeyValueArgs(args);
        using var host = await BenchRun.ConnectAsync(o.Get("postgres"), churn: false);
        var client = host.Services.GetRequiredService<IClusterClient>();
        var management = client.GetGrain<IManagementGrain>(0);
        var addresses = await Task.WhenAll(Enumerable.Range(0, 64).Select(async shard =>
            (await management.GetActivationAddress(client.GetGrain<IRestrictedShardGrain>($"idx:{shard}")))?.ToParsableString() ?? "none"));
        foreach (var group in addresses.GroupBy(a => a, StringComparer.Ordinal).OrderByDescending(g => g.Count()))
        {
            Console.WriteLine($"{group.Key} {group.Count()}");
        }

        await host.StopAsync();
        return 0;
    }
}
