using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Storage.Encryption;
using JointPunishment.Storage.Watchlists;
using Npgsql;
using static JointPunishment.Integration.Tests.Infrastructure.TestSnapshots;

namespace JointPunishment.Integration.Tests.Watchlists;

/// <summary>
/// The alert feed's cursor under concurrent writers (several silos project subjects at once): a reader that pages
/// while projections commit never skips an alert, and projecting the same state again alerts nothing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AlertFeedConcurrencyTests(PostgresServer postgres)
{
    private const string Agency = "air";
    private const int Writers = 8;
    private const int SubjectsPerWriter = 30;

    [Fact]
    public async Task ConcurrentWriters_NeverMakeAReaderSkipAnAlert()
    {
        await using var dataSource = await postgres.CreateMigratedDataSourceAsync("alerts");
        var keys = Enumerable.Range(0, Writers * SubjectsPerWriter).Select(i => $"subj:w{i}").ToArray();
        await WatchAsync(dataSource, keys);
        var projection = new PostgresWatchProjection(dataSource, new ProjectionCalendar(TimeProvider.System));

        var writers = keys.Chunk(SubjectsPerWriter).Select(chunk => Task.Run(async () =>
        {
            foreach (var key in chunk)
            {
                await projection.ProjectAsync(Snapshot(key, 1, Listed()), CancellationToken.None);
                await projection.ProjectAsync(Snapshot(key, 2, Shielded()), CancellationToken.None);
                await projection.ProjectAsync(Snapshot(key, 2, Shielded()), CancellationToken.None);
            }
        })).ToArray();

        var feed = new AlertFeed(dataSource);
        var seen = new List<WatchAlert>();
        var cursor = 0L;
        var allWritten = Task.WhenAll(writers);
        while (true)
        {
            var done = allWritten.IsCompleted;
            var page = await feed.ReadAfterAsync(Agency, cursor, 50, CancellationToken.None);
            Assert.All(page, a => Assert.True(a.Seq > cursor));
            seen.AddRange(page);
            cursor = page.Count > 0 ? page[^1].Seq : cursor;
            if (done && page.Count == 0)
            {
                break;
            }
        }

        await allWritten;
        var everything = await feed.ReadAfterAsync(Agency, 0, 10_000, CancellationToken.None);
        Assert.Equal(keys.Length * 2, everything.Count);
        Assert.Equal(everything, seen);
        Assert.All(everything.GroupBy(a => a.Ref), member => Assert.Equal([WatchAlertKind.Restricted, WatchAlertKind.Lifted], member.Select(a => a.Kind)));
    }

    [Fact]
    public async Task AWriterHoldingTheAlertCounter_HoldsBackLaterWritersUntilItCommits()
    {
        await using var dataSource = await postgres.CreateMigratedDataSourceAsync("alerts");
        await WatchAsync(dataSource, ["subj:fast"]);
        var projection = new PostgresWatchProjection(dataSource, new ProjectionCalendar(TimeProvider.System));
        var feed = new AlertFeed(dataSource);

        // A slow writer takes its seq the way jp_project_watch does, and has not committed yet.
        await using var slow = await dataSource.OpenConnectionAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("""
            WITH counter AS (UPDATE jp_feed_counter SET last = last + 1 WHERE feed = 'alert' RETURNING last)
            INSERT INTO jp_alert (agency, seq, watchlist, ref, measure, decision, kind, at)
            SELECT 'air', last, 'staff', 'slow', 'consumption.air', 4, 0, now() FROM counter
            """, slow, transaction))
        {
            await take.ExecuteNonQueryAsync();
        }

        var fast = projection.ProjectAsync(Snapshot("subj:fast", 1, Listed()), CancellationToken.None);
        await ClusterHarness.EventuallyAsync(async () => Assert.True(await PostgresServer.WaitsForALockAsync(dataSource, "jp_project_watch")), TimeSpan.FromSeconds(30));
        Assert.False(fast.IsCompleted);
        Assert.Empty(await feed.ReadAfterAsync(Agency, 0, 100, CancellationToken.None));

        await transaction.CommitAsync();
        await fast;
        Assert.Equal(["slow", "subj:fast"], (await feed.ReadAfterAsync(Agency, 0, 100, CancellationToken.None)).Select(a => a.Ref));
    }

    [Fact]
    public async Task TwoProjectionsOfOneSubjectAtOnce_AlertOnce()
    {
        const int Subjects = 40;
        await using var dataSource = await postgres.CreateMigratedDataSourceAsync("alerts");
        var keys = Enumerable.Range(0, Subjects).Select(i => $"subj:race{i}").ToArray();
        await WatchAsync(dataSource, keys);
        var projection = new PostgresWatchProjection(dataSource, new ProjectionCalendar(TimeProvider.System));

        await Task.WhenAll(keys.SelectMany(key => new[]
        {
            Task.Run(() => projection.ProjectAsync(Snapshot(key, 1, Listed()), CancellationToken.None)),
            Task.Run(() => projection.ProjectAsync(Snapshot(key, 1, Listed()), CancellationToken.None)),
        }));

        var alerts = await new AlertFeed(dataSource).ReadAfterAsync(Agency, 0, 1000, CancellationToken.None);
        Assert.Equal(keys.Order(StringComparer.Ordinal), alerts.Select(a => a.Ref).Order(StringComparer.Ordinal));
    }

    /// <summary>One watchlist of <see cref="Agency"/> on consumption.air whose members' refs are their subject keys.</summary>
    internal static async Task WatchAsync(NpgsqlDataSource dataSource, IReadOnlyList<string> keys)
    {
        var store = new WatchlistStore(dataSource, new SecretProtector(new StorageKeyRing(ClusterHarness.StorageKey), WatchlistStore.MemberPurpose), Microsoft.Extensions.Logging.Abstractions.NullLogger<WatchlistStore>.Instance);
        var update = await store.UpdateAsync(
            Agency, "staff", "consumption.air", [.. keys.Select(k => new WatchMember(k, k, IdType.ResidentId, TestIds.ResidentId()))], [], CancellationToken.None);
        Assert.Equal(keys.Count, update.Added);
    }
}
