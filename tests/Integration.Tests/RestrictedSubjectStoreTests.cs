using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Storage.Restricted;
using Npgsql;

namespace JointPunishment.Integration.Tests;

/// <summary>The index shards' lease horizon in PostgreSQL: per shard, and never moved back.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RestrictedSubjectStoreTests(PostgresServer postgres)
{
    [Fact]
    public async Task LeaseHorizon_IsPerShard_AndAnEarlierOneNeverReplacesALaterOne()
    {
        var connectionString = await postgres.CreateDatabaseAsync("horizon");
        await ClusterHarness.MigrateAsync(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new PostgresRestrictedSubjectStore(dataSource);
        var later = new DateTimeOffset(2026, 11, 27, 13, 0, 6, TimeSpan.Zero);

        Assert.Null(await store.LeaseHorizonAsync(3, CancellationToken.None));
        await store.ExtendLeaseHorizonAsync(3, later, CancellationToken.None);
        await store.ExtendLeaseHorizonAsync(3, later.AddSeconds(-4), CancellationToken.None);

        Assert.Equal(later, await store.LeaseHorizonAsync(3, CancellationToken.None));
        Assert.Null(await store.LeaseHorizonAsync(4, CancellationToken.None));
        await store.ExtendLeaseHorizonAsync(3, later.AddSeconds(6), CancellationToken.None);
        Assert.Equal(later.AddSeconds(6), await store.LeaseHorizonAsync(3, CancellationToken.None));
    }
}
