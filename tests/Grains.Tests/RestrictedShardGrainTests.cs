using System.Diagnostics;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Interfaces.Checks;

namespace JointPunishment.Grains.Tests;

/// <summary>Index shards' start-up grace, each on a cluster of its own: the grace depends on what the store held before it started.</summary>
public sealed class RestrictedShardGrainTests
{
    [Fact]
    public async Task NewShardActivation_AcknowledgesAnAddOnlyAfterItsPredecessorsLeaseHorizon_AndAtOnceWithoutOne()
    {
        const int Inherited = 5;
        const int Fresh = 6;
        var horizon = DateTimeOffset.UtcNow.AddSeconds(3);
        var fixture = new ClusterFixture();
        await fixture.Index.ExtendLeaseHorizonAsync(Inherited, horizon, CancellationToken.None);
        await fixture.InitializeAsync();
        try
        {
            var fresh = Stopwatch.StartNew();
            await fixture.Client.GetGrain<IRestrictedShardGrain>(RestrictedIndex.ShardKey(Fresh)).AddAsync([RestrictedIndex.RangeOf(Fresh).From + 1]);
            fresh.Stop();
            await fixture.Client.GetGrain<IRestrictedShardGrain>(RestrictedIndex.ShardKey(Inherited)).AddAsync([RestrictedIndex.RangeOf(Inherited).From + 1]);
            var inheritedAcknowledged = DateTimeOffset.UtcNow;

            // A lease granted before the horizon may still run until it (1 s margin for clocks); none can after a cold start.
            Assert.True(inheritedAcknowledged >= horizon.AddSeconds(1), $"acknowledged {(horizon - inheritedAcknowledged).TotalMilliseconds:F0} ms before the horizon");
            Assert.True(fresh.Elapsed < TimeSpan.FromSeconds(2), $"a shard with no horizon took {fresh.Elapsed.TotalMilliseconds:F0} ms to acknowledge");
            Assert.True(fixture.Index.Contains(RestrictedIndex.RangeOf(Inherited).From + 1));
            // While a copy follows (polling at least every second), the horizon is written ahead of the leases it gets.
            Assert.True(await fixture.Index.LeaseHorizonAsync(Fresh, CancellationToken.None) > DateTimeOffset.UtcNow.AddSeconds(1));
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
