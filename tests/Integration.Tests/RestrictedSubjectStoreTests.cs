using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Storage.Restricted;
using Npgsql;

namespace JointPunishment.Integration.Tests;

/// <summary>The index shards' lease horizon in PostgreSQL: per shard, never moved back, and moved only by the activation holding the latest epoch.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RestrictedSubjectStoreTests(PostgresServer postgres)
{
    [Fact]
    public async Task LeaseHorizon_IsPerShard_AndAnEarlierOneNeverReplacesALaterOne()
    {
        var (dataSource, store) = await StoreAsync("horizon");
        await using var _ = dataSource;

        var first = await store.TakeLeaseEpochAsync(3, CancellationToken.None);
        Assert.Equal(1, first.Epoch);
        Assert.True(first.Remaining < TimeSpan.FromDays(-1), "a shard that never had a horizon has one long past");
        Assert.True(await store.ExtendLeaseHorizonAsync(3, first.Epoch, TimeSpan.FromSeconds(6), CancellationToken.None));
        Assert.True(await store.ExtendLeaseHorizonAsync(3, first.Epoch, TimeSpan.FromSeconds(2), CancellationToken.None));

        Assert.InRange((await store.TakeLeaseEpochAsync(3, CancellationToken.None)).Remaining, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));
        Assert.Equal(0, await store.LeaseEpochAsync(4, CancellationToken.None));
    }

    [Fact]
    public async Task LeaseHorizon_OnceALaterActivationTookTheEpoch_CannotBeMovedByAnEarlierOne()
    {
        var (dataSource, store) = await StoreAsync("horizon_epoch");
        await using var _ = dataSource;
        var older = await store.TakeLeaseEpochAsync(5, CancellationToken.None);
        Assert.True(await store.ExtendLeaseHorizonAsync(5, older.Epoch, TimeSpan.FromSeconds(3), CancellationToken.None));

        var newer = await store.TakeLeaseEpochAsync(5, CancellationToken.None);

        Assert.Equal(older.Epoch + 1, newer.Epoch);
        Assert.False(await store.ExtendLeaseHorizonAsync(5, older.Epoch, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(newer.Epoch, await store.LeaseEpochAsync(5, CancellationToken.None));
        Assert.True((await store.TakeLeaseEpochAsync(5, CancellationToken.None)).Remaining <= TimeSpan.FromSeconds(3), "the refused extension moved the horizon");
    }

    [Fact]
    public async Task LeaseHorizon_WrittenBeforeEpochs_IsTakenOverWithItsRemainingTime()
    {
        var (dataSource, store) = await StoreAsync("horizon_old_row");
        await using var _ = dataSource;
        // A row as migration 0018's code wrote it, with no epoch.
        await using (var insert = dataSource.CreateCommand("INSERT INTO jp_index_lease_horizon (shard, leases_until) VALUES (7, now() + interval '5 seconds')"))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var taken = await store.TakeLeaseEpochAsync(7, CancellationToken.None);

        Assert.Equal(1, taken.Epoch);
        Assert.InRange(taken.Remaining, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5));
    }

    private async Task<(NpgsqlDataSource DataSource, PostgresRestrictedSubjectStore Store)> StoreAsync(string database)
    {
        var connectionString = await postgres.CreateDatabaseAsync(database);
        await ClusterHarness.MigrateAsync(connectionString);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        return (dataSource, new PostgresRestrictedSubjectStore(dataSource));
    }
}
