using System.Runtime.CompilerServices;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests;

/// <summary>
/// A disposed system leaves nothing of itself reachable: its silos' and gateway's service providers are collected.
/// Anything that outlives its host (a timer never stopped, a listener never disposed) keeps the whole host alive,
/// and a suite that starts a system per test then grows by every host it ever started.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class HostDisposalTests(PostgresServer postgres)
{
    [Fact]
    public async Task DisposedSystem_LeavesItsSilosAndGatewayCollectable()
    {
        var hosts = await StartUseAndDisposeAsync();

        // Orleans closes a departed silo's connections after a delay (SiloConnectionMaintainer), holding it until then.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (hosts.Any(h => h.Reference.IsAlive) && DateTime.UtcNow < deadline)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            await Task.Delay(250);
        }

        Assert.Empty(hosts.Where(h => h.Reference.IsAlive).Select(h => h.Name));
    }

    // Not inlined, so that no local of the caller's frame still refers to the system.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<List<(string Name, WeakReference Reference)>> StartUseAndDisposeAsync()
    {
        await using var system = await RunningSystem.StartAsync(postgres);
        var court = await system.RegisterCourtAsync("leak");
        var agency = await system.RegisterAgencyAsync("leak-agency", "consumption.rail");
        await system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new
        {
            events = new[]
            {
                new
                {
                    eventId = "e1", type = "listed", caseNumber = "(2026)宁01执1号", listedOn = "2026-11-20", @public = true,
                    subject = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "张三" },
                },
            },
        });
        await system.JsonAsync(HttpMethod.Post, "/v1/checks", agency,
            new { measure = "consumption.rail", subject = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "李四" } });
        await system.SendAsync(HttpMethod.Get, "/v1/public/debtors?name=%E5%BC%A0%E4%B8%89", null);
        return [.. system.SiloServices.Select((s, i) => ($"silo {i}", new WeakReference(s))), ("gateway", new WeakReference(system.GatewayServices))];
    }
}
