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
            // Once both silos are active and know each other's grain types, random placement puts probes on both;
            // keep writing fresh probes until some live on the silo about to be killed.
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
            }, ClusterChangeTimeout);

            victim.Kill(entireProcessTree: true);
            await victim.WaitForExitAsync();

            foreach (var (grain, expected) in written)
            {
                var value = await ClusterHarness.EventuallyAsync(() => grain.ReadAsync(), ClusterChangeTimeout);
                Assert.Equal(expected, value);
                Assert.Equal(survivor.Id, (await grain.GetHostAsync()).ProcessId);
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
