using System.Diagnostics;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Interfaces.Checks;
using Microsoft.Extensions.Logging.Abstractions;

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
        var sinceHorizon = new Stopwatch();
        await OnClusterOfItsOwnAsync(prepare: async index =>
        {
            // A predecessor's activation, whose leases may run 3 s more.
            var predecessor = await index.TakeLeaseEpochAsync(Inherited, CancellationToken.None);
            sinceHorizon.Start();
            Assert.True(await index.ExtendLeaseHorizonAsync(Inherited, predecessor.Epoch, TimeSpan.FromSeconds(3), CancellationToken.None));
        }, test: async fixture =>
        {
            var fresh = Stopwatch.StartNew();
            await fixture.Client.GetGrain<IRestrictedShardGrain>(RestrictedIndex.ShardKey(Fresh)).AddAsync([RestrictedIndex.RangeOf(Fresh).From + 1]);
            fresh.Stop();
            await fixture.Client.GetGrain<IRestrictedShardGrain>(RestrictedIndex.ShardKey(Inherited)).AddAsync([RestrictedIndex.RangeOf(Inherited).From + 1]);
            var inheritedAcknowledged = sinceHorizon.Elapsed;

            // A lease granted before the horizon may still run until it (1 s margin for clocks); none can after a cold start.
            Assert.True(inheritedAcknowledged >= TimeSpan.FromSeconds(4), $"acknowledged {inheritedAcknowledged.TotalMilliseconds:F0} ms after a 3 s horizon was written");
            Assert.True(fresh.Elapsed < TimeSpan.FromSeconds(2), $"a shard with no horizon took {fresh.Elapsed.TotalMilliseconds:F0} ms to acknowledge");
            Assert.True(fixture.Index.Contains(RestrictedIndex.RangeOf(Inherited).From + 1));
            // While a copy follows (polling at least every second), the horizon is written ahead of the leases it gets.
            Assert.True(fixture.Index.HorizonAhead(Fresh) > TimeSpan.FromSeconds(1));
        });
    }

    [Fact]
    public async Task DuplicateActivation_TheOlderNeverSaysNotNamed_ForAnAddTheNewerAcknowledged()
    {
        const int Shard = 12;
        var hash = RestrictedIndex.RangeOf(Shard).From + 1;
        var index = new InMemoryRestrictedSubjectStore();

        // Two partitions that each activated the shard over the one store: the older one's silo copy follows it, as
        // every copy in that partition would; the newer one gets the add.
        var older = new ClusterFixture { Index = index, FollowIndex = false };
        var newer = new ClusterFixture { Index = index, FollowIndex = false };
        await older.InitializeAsync();
        await newer.InitializeAsync();
        var copy = new LocalIndexReplica(TimeProvider.System, NullLogger<LocalIndexReplica>.Instance);
        using var stopping = new CancellationTokenSource();
        var following = copy.RunAsync(older.Client, stopping.Token);
        try
        {
            await CopyCurrentAsync(copy, hash);
            var olderShard = older.Client.GetGrain<IRestrictedShardGrain>(RestrictedIndex.ShardKey(Shard));
            var newerShard = newer.Client.GetGrain<IRestrictedShardGrain>(RestrictedIndex.ShardKey(Shard));

            await AddRetryingAsync(newerShard, hash);

            // From the acknowledgement on, the older partition answers "named" or nothing — never "not named".
            for (var i = 0; i < 30; i++)
            {
                Assert.NotEqual(false, copy.Contains(hash));
                try
                {
                    Assert.True((await olderShard.ContainsAsync([hash])).Single(), "the older activation said not named after the newer one acknowledged the add");
                }
                catch (ShardSupersededException)
                {
                    // Superseded: it answers nothing, and the next call reaches a fresh activation that loads the add.
                }

                await Task.Delay(100);
            }
        }
        finally
        {
            await stopping.CancelAsync();
            await following;
            await newer.DisposeAsync();
            await older.DisposeAsync();
        }
    }

    [Fact]
    public async Task Activation_WhoseEpochAnotherTook_RefusesToAcknowledge_AndTheNextActivationLoadsWhatTheOtherStored()
    {
        const int Shard = 14;
        var theirs = RestrictedIndex.RangeOf(Shard).From + 1;
        var ours = RestrictedIndex.RangeOf(Shard).From + 2;
        await OnClusterOfItsOwnAsync(prepare: _ => Task.CompletedTask, test: async fixture =>
        {
            var shard = fixture.Client.GetGrain<IRestrictedShardGrain>(RestrictedIndex.ShardKey(Shard));
            await shard.GetStatisticsAsync();
            await HorizonAheadAsync(fixture, Shard);

            // Another activation of the shard (a duplicate elsewhere) takes it over and stores an add.
            await fixture.Index.TakeLeaseEpochAsync(Shard, CancellationToken.None);
            await fixture.Index.AddAsync([theirs], CancellationToken.None);

            // Stored, but not acknowledged: the epoch read back after storing is no longer this activation's.
            await Assert.ThrowsAsync<ShardSupersededException>(() => shard.AddAsync([ours]));
            Assert.True(fixture.Index.Contains(ours));

            var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
            while (true)
            {
                try
                {
                    var answers = await shard.ContainsAsync([theirs, ours]);
                    Assert.Equal(new[] { true, true }, answers.ToArray());
                    return;
                }
                catch (ShardSupersededException) when (DateTimeOffset.UtcNow < deadline)
                {
                    // The superseded activation, until it is gone; the next one loads both adds.
                    await Task.Delay(50);
                }
            }
        });
    }

    [Fact]
    public async Task WallClockSteppedForward_DoesNotEndALeaseEarly_SoNoCopyMissesAnAcknowledgedAdd()
    {
        const int Shard = 13;
        var clock = new SteppedClock();
        var fixture = new ClusterFixture { Time = clock };
        await fixture.InitializeAsync();
        try
        {
            var shard = fixture.Client.GetGrain<IRestrictedShardGrain>(RestrictedIndex.ShardKey(Shard));
            await shard.GetStatisticsAsync();
            await HorizonAheadAsync(fixture, Shard);

            // A copy (as LocalIndexReplica keeps one) takes a lease, then does not follow again for now: it answers
            // from what it has until its lease, counted on its own monotonic clock from sending the call, runs out.
            var sent = Stopwatch.GetTimestamp();
            var changes = await shard.FollowAsync(Guid.NewGuid(), Guid.Empty, -1);
            var copyAnswersUntil = sent + (long)((IndexLeases.Lease - IndexLeases.Margin).TotalSeconds * Stopwatch.Frequency);

            clock.Step(TimeSpan.FromSeconds(10));
            var hash = RestrictedIndex.RangeOf(Shard).From + 1;
            await shard.AddAsync([hash]);
            var acknowledged = Stopwatch.GetTimestamp();

            Assert.DoesNotContain(hash, changes.Hashes);
            Assert.True(acknowledged >= copyAnswersUntil,
                $"acknowledged {Stopwatch.GetElapsedTime(acknowledged, copyAnswersUntil).TotalMilliseconds:F0} ms before a copy without the add stopped answering");
        }
        finally
        {
            await fixture.DisposeAsync();
        }
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

    /// <summary>Adds as a subject grain's retried court event would: a superseded activation refuses, and the retry reaches a fresh one.</summary>
    private static async Task AddRetryingAsync(IRestrictedShardGrain shard, long hash)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(40);
        while (true)
        {
            try
            {
                await shard.AddAsync([hash]);
                return;
            }
            catch (ShardSupersededException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task CopyCurrentAsync(LocalIndexReplica copy, long hash)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (copy.Contains(hash) is null)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the copy did not follow its shard within 10 s");
            await Task.Delay(50);
        }
    }

    private static async Task HorizonAheadAsync(ClusterFixture fixture, int shard)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!(fixture.Index.HorizonAhead(shard) > TimeSpan.FromSeconds(1)))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"no copy renewed its lease on shard {shard} within 10 s");
            await Task.Delay(50);
        }
    }
}
