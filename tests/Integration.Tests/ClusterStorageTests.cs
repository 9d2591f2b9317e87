using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Diagnostics;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JointPunishment.Integration.Tests;

[Collection(PostgresCollection.Name)]
public sealed class ClusterStorageTests(PostgresServer postgres)
{
    private static readonly TimeSpan ClusterChangeTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task GrainKeys_DifferingOnlyInCaseOrLeadingZeros_KeepSeparateState()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        using var silo = await ClusterHarness.StartSiloAsync(connectionString);
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        // Unprefixed, AdoNet storage would read all three as the hexadecimal number 0xDC909F and share one row.
        string[] names = ["dc909f", "00DC909F", "DC909F"];

        foreach (var name in names)
        {
            await grains.GetGrain<IStorageProbeGrain>(GrainKeys.StorageProbe(name)).WriteAsync($"value of {name}");
        }

        await silo.StopAsync();
        using var restarted = await ClusterHarness.StartSiloAsync(connectionString);
        var fresh = restarted.Services.GetRequiredService<IGrainFactory>();
        foreach (var name in names)
        {
            Assert.Equal($"value of {name}", await fresh.GetGrain<IStorageProbeGrain>(GrainKeys.StorageProbe(name)).ReadAsync());
        }

        await restarted.StopAsync();
    }

    [Fact]
    public async Task GrainKeys_WithoutPrefix_AreRefusedOnActivation()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        using var silo = await ClusterHarness.StartSiloAsync(connectionString);
        var grains = silo.Services.GetRequiredService<IGrainFactory>();

        await Assert.ThrowsAsync<ArgumentException>(() => grains.GetGrain<IStorageProbeGrain>("dc909f").WriteAsync("x"));

        await silo.StopAsync();
    }

    [Fact]
    public async Task State_WrittenThroughSiloThatIsKilled_IsReadThroughTheSurvivor()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await ClusterHarness.MigrateAsync(connectionString);
        using var victim = ClusterHarness.StartSiloProcess(connectionString);
        using var survivor = ClusterHarness.StartSiloProcess(connectionString);
        try
        {
            using var clientHost = await ClusterHarness.StartClientAsync(connectionString);
            var client = clientHost.Services.GetRequiredService<IClusterClient>();
            // Once both silos are active and know each other's grain types, placement puts probes on both; keep writing
            // fresh probes until some live on each. Killing the victim earlier tests another case: a survivor still
            // starting (the next test) or still joining (admitted only once the dead silo misses its I-am-alive updates).
            var written = new List<(IStorageProbeGrain Grain, string Value)>();
            await ClusterHarness.EventuallyAsync(async () =>
            {
                for (var i = 0; i < 20; i++)
                {
                    var value = $"written before the kill #{written.Count}";
                    var grain = client.GetGrain<IStorageProbeGrain>(GrainKeys.StorageProbe($"kill-{written.Count}"));
                    await grain.WriteAsync(value);
                    written.Add((grain, value));
                }

                var hosts = await Task.WhenAll(written.Select(w => w.Grain.GetHostAsync()));
                Assert.Contains(hosts, h => h.ProcessId == victim.Id);
                Assert.Contains(hosts, h => h.ProcessId == survivor.Id);
            }, ClusterChangeTimeout);

            victim.Kill(entireProcessTree: true);
            await victim.WaitForExitAsync();

            await ReadAllThroughSurvivorAsync(written, survivor);
            await clientHost.StopAsync();
        }
        finally
        {
            StopQuietly(victim);
            StopQuietly(survivor);
        }
    }

    [Fact]
    public async Task State_WrittenThroughSiloKilledWhileTheSurvivorStarts_IsReadThroughTheSurvivor()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await ClusterHarness.MigrateAsync(connectionString);
        using var victim = ClusterHarness.StartSiloProcess(connectionString);
        try
        {
            using var clientHost = await ClusterHarness.StartClientAsync(connectionString);
            var client = clientHost.Services.GetRequiredService<IClusterClient>();
            // The victim is alone: the probe and every named-subject index shard (activated by its start-up) live on it.
            var grain = client.GetGrain<IStorageProbeGrain>(GrainKeys.StorageProbe("killed-while-survivor-starts"));
            await ClusterHarness.EventuallyAsync(() => grain.WriteAsync("written before the kill"), ClusterChangeTimeout);

            using var survivor = ClusterHarness.StartSiloProcess(connectionString);
            try
            {
                // Kill the victim as soon as the survivor has joined, while the survivor is still starting: its start-up
                // activates the index shards, all of them on the victim.
                var management = client.GetGrain<IManagementGrain>(0);
                await WhenAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2, ClusterChangeTimeout);
                victim.Kill(entireProcessTree: true);
                await victim.WaitForExitAsync();

                await ReadAllThroughSurvivorAsync([(grain, "written before the kill")], survivor);
                await clientHost.StopAsync();
            }
            finally
            {
                StopQuietly(survivor);
            }
        }
        finally
        {
            StopQuietly(victim);
        }
    }

    private static async Task ReadAllThroughSurvivorAsync(IEnumerable<(IStorageProbeGrain Grain, string Value)> written, System.Diagnostics.Process survivor)
    {
        foreach (var (grain, expected) in written)
        {
            var value = await ClusterHarness.EventuallyAsync(() => grain.ReadAsync(), ClusterChangeTimeout);
            Assert.Equal(expected, value);
            Assert.Equal(survivor.Id, (await grain.GetHostAsync()).ProcessId);
        }
    }

    /// <summary>Polls <paramref name="condition"/> closely (the moment matters, not only the outcome) until it holds.</summary>
    private static async Task WhenAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }

    private static void StopQuietly(System.Diagnostics.Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }
}
