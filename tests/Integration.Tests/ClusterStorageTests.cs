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
            var grains = Enumerable.Range(0, 40).Select(i => client.GetGrain<IStorageProbeGrain>(GrainKeys.StorageProbe($"kill-{i}"))).ToArray();

            // Once both silos are active, random placement spreads the probes over both of them.
            await ClusterHarness.EventuallyAsync(
                async () => Assert.Equal(2, (await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count),
                ClusterChangeTimeout);
            for (var i = 0; i < grains.Length; i++)
            {
                await grains[i].WriteAsync($"written before the kill #{i}");
            }

            var hosts = await Task.WhenAll(grains.Select(g => g.GetHostAsync()));
            Assert.Contains(hosts, h => h.ProcessId == victim.Id);

            victim.Kill(entireProcessTree: true);
            await victim.WaitForExitAsync();

            for (var i = 0; i < grains.Length; i++)
            {
                var index = i;
                var value = await ClusterHarness.EventuallyAsync(() => grains[index].ReadAsync(), ClusterChangeTimeout);
                Assert.Equal($"written before the kill #{i}", value);
                Assert.Equal(survivor.Id, (await grains[i].GetHostAsync()).ProcessId);
            }

            await clientHost.StopAsync();
        }
        finally
        {
            StopQuietly(victim);
            StopQuietly(survivor);
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
