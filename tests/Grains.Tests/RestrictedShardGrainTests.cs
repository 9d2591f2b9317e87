using System.Diagnostics;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Interfaces.Checks;

namespace JointPunishment.Grains.Tests;

/// <summary>
/// Index shards, each test on a cluster of its own: the start-up grace depends on what the store held before it
/// started, and the batching tests count the store's adds.
/// </summary>
public sealed class RestrictedShardGrainTests
{
    [Fact]
    public async Task NewShardActivation_AcknowledgesAnAddOnlyAfterItsPredecessorsLeaseHorizon_AndAtOnceWithoutOne()
    {
        const int Inherited = 5;
        const int Fresh = 6;
        var horizon = DateTimeOffset.UtcNow.AddSeconds(3);
        await OnClusterOfItsOwnAsync(prepare: index => index.ExtendLeaseHorizonAsync(Inherited, horizon, CancellationToken.None), test: async fixture =>
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
        });
    }

    [Fact]
    public async Task ConcurrentAdds_ToOneShard_AreStoredOneBatchAtATime_InFewBatches()
    {
        const int Shard = 7;
        const int Callers = 200;
        await OnClusterOfItsOwnAsync(prepare: AddsTake(TimeSpan.FromMilliseconds(50)), test: async fixture =>
        {
            var shard = fixture.Client.GetGrain<IRestrictedShardGrain>(RestrictedIndex.ShardKey(Shard));
            await shard.GetStatisticsAsync();
            var hashes = Enumerable.Range(1, Callers).Select(i => RestrictedIndex.RangeOf(Shard).From + i).ToArray();

            await Task.WhenAll(hashes.Select(hash => shard.AddAsync([hash])));

            Assert.All(hashes, hash => Assert.True(fixture.Index.Contains(hash)));
            Assert.Equal(1, fixture.Index.MostAddsInFlight);
            // The first caller's add is stored alone; the others arrive while it (or the next batch) is stored.
            Assert.True(fixture.Index.Adds <= 10, $"{Callers} concurrent adds took {fixture.Index.Adds} store calls");
            Assert.Equal(Callers, (await shard.GetStatisticsAsync()).Count);
        });
    }

    [Fact]
    public async Task AFailedBatch_FailsOnlyItsOwnCallers_AndTheNextBatchIsStored()
    {
        const int Shard = 8;
        await OnClusterOfItsOwnAsync(prepare: AddsTake(TimeSpan.FromMilliseconds(300)), test: async fixture =>
        {
            var shard = fixture.Client.GetGrain<IRestrictedShardGrain>(RestrictedIndex.ShardKey(Shard));
            await shard.GetStatisticsAsync();
            var (first, second) = (RestrictedIndex.RangeOf(Shard).From + 1, RestrictedIndex.RangeOf(Shard).From + 2);

            fixture.Index.Failing = true;
            var failing = shard.AddAsync([first]);
            while (fixture.Index.Adds == 0)
            {
                await Task.Delay(5);
            }

            fixture.Index.Failing = false;
            var next = shard.AddAsync([second]);

            await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
            await next;
            Assert.False(fixture.Index.Contains(first));
            Assert.True(fixture.Index.Contains(second));
            Assert.Equal(2, fixture.Index.Adds);
        });
    }

    [Fact]
    public async Task WhileNoHorizonCanBeWritten_CopiesRetryLessAndLess_AndFollowAgainOnceItCan()
    {
        const int Shard = 9;
        await OnClusterOfItsOwnAsync(prepare: _ => Task.CompletedTask, test: async fixture =>
        {
            await fixture.Client.GetGrain<IRestrictedShardGrain>(RestrictedIndex.ShardKey(Shard)).GetStatisticsAsync();
            await HorizonAheadAsync(fixture, Shard);

            fixture.Index.HorizonFailing = true;
            var before = fixture.Index.HorizonWrites(Shard);
            await Task.Delay(TimeSpan.FromSeconds(8));
            var failed = fixture.Index.HorizonWrites(Shard) - before;
            fixture.Index.HorizonFailing = false;

            // The written horizon runs 3–6 s more; then every follow call of the two silos' copies tries a write. With
            // the former fixed 200 ms between tries this test counted 27; backing off to 2 s, each copy tries about 6 times.
            Assert.InRange(failed, 1, 16);
            await HorizonAheadAsync(fixture, Shard);
        });
    }

    [Fact]
    public async Task CopiesThatStopFollowing_AreForgottenOnceTheirLeaseRunsOut()
    {
        const int Shard = 11;
        const int Departed = 50;
        await OnClusterOfItsOwnAsync(prepare: _ => Task.CompletedTask, test: async fixture =>
        {
            var shard = fixture.Client.GetGrain<IRestrictedShardGrain>(RestrictedIndex.ShardKey(Shard));
            await shard.GetStatisticsAsync();
            await HorizonAheadAsync(fixture, Shard);
            var silos = fixture.Cluster.Silos.Count;

            // Copies of processes that then stop (restarted gateways and silos): each follows once, with a new id.
            for (var i = 0; i < Departed; i++)
            {
                await shard.FollowAsync(Guid.NewGuid(), Guid.Empty, 0);
            }

            Assert.InRange((await shard.GetStatisticsAsync()).Leases, Departed, Departed + silos);

            await Task.Delay(IndexLeases.Lease + TimeSpan.FromSeconds(1));
            var leases = (await shard.GetStatisticsAsync()).Leases;
            Assert.True(leases <= silos, $"{leases} leases held after the departed copies' ran out; only the {silos} silos' copies still follow");
        });
    }

    /// <summary>Runs <paramref name="test"/> on a cluster started for it alone, after <paramref name="prepare"/> set up its index store.</summary>
    private static async Task OnClusterOfItsOwnAsync(Func<InMemoryRestrictedSubjectStore, Task> prepare, Func<ClusterFixture, Task> test)
    {
        var fixture = new ClusterFixture();
        await prepare(fixture.Index);
        await fixture.InitializeAsync();
        try
        {
            await test(fixture);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    private static Func<InMemoryRestrictedSubjectStore, Task> AddsTake(TimeSpan delay) => index =>
    {
        index.AddDelay = delay;
        return Task.CompletedTask;
    };

    private static async Task HorizonAheadAsync(ClusterFixture fixture, int shard)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!(await fixture.Index.LeaseHorizonAsync(shard, CancellationToken.None) > DateTimeOffset.UtcNow.AddSeconds(1)))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"no copy renewed its lease on shard {shard} within 10 s");
            await Task.Delay(50);
        }
    }
}
