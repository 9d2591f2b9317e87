using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Storage.PublicList;
using Npgsql;
using static JointPunishment.Integration.Tests.Infrastructure.TestSnapshots;

namespace JointPunishment.Integration.Tests.PublicList;

/// <summary>The feed's cursor under concurrent writers: a reader that pages while projections commit never skips an entry.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DelistingFeedConcurrencyTests(PostgresServer postgres)
{
    private const int Writers = 8;
    private const int SubjectsPerWriter = 40;

    [Fact]
    public async Task ConcurrentWriters_NeverMakeAReaderSkipAnEntry()
    {
        await using var dataSource = await postgres.CreateMigratedDataSourceAsync("feed");
        var projection = new PostgresPublicListProjection(dataSource, TimeProvider.System);

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < SubjectsPerWriter; i++)
            {
                var key = $"subj:w{w}-{i}";
                await projection.ProjectAsync(Snapshot(key, 1, Listed()), CancellationToken.None);
                await projection.ProjectAsync(Snapshot(key, 2, Shielded()), CancellationToken.None);
                // Re-projections of an old or the same revision add nothing.
                await projection.ProjectAsync(Snapshot(key, 2, Shielded()), CancellationToken.None);
            }
        })).ToArray();

        var seen = new List<(long Position, string Key)>();
        var cursor = 0L;
        var allWritten = Task.WhenAll(writers);
        while (true)
        {
            var done = allWritten.IsCompleted;
            var page = await ReadAfterAsync(dataSource, cursor);
            Assert.All(page, e => Assert.True(e.Position > cursor));
            seen.AddRange(page);
            cursor = page.Count > 0 ? page[^1].Position : cursor;
            if (done && page.Count == 0)
            {
                break;
            }
        }

        await allWritten;
        var everything = await ReadAfterAsync(dataSource, 0, limit: 10_000);
        Assert.Equal(Writers * SubjectsPerWriter, everything.Count);
        Assert.Equal(everything.Count, everything.Select(e => e.Key).Distinct().Count());
        Assert.Equal(everything, seen);
    }

    [Fact]
    public async Task AWriterThatHasTakenAPosition_HoldsBackLaterWritersUntilItCommits()
    {
        await using var dataSource = await postgres.CreateMigratedDataSourceAsync("feed");
        var projection = new PostgresPublicListProjection(dataSource, TimeProvider.System);
        await projection.ProjectAsync(Snapshot("subj:fast", 1, Listed()), CancellationToken.None);

        // A slow writer takes its position the way the projection does, and has not committed yet.
        await using var slow = await dataSource.OpenConnectionAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("""
            WITH counter AS (UPDATE jp_feed_counter SET last = last + 1 WHERE feed = 'delisting' RETURNING last)
            INSERT INTO jp_delisting (position, subject_key, case_number, listed_event_id, kind, name, id_masked, at)
            SELECT last, 'subj:slow', 'c', 'l', 1, 'n', 'm', now() FROM counter
            """, slow, transaction))
        {
            await take.ExecuteNonQueryAsync();
        }

        var fast = projection.ProjectAsync(Snapshot("subj:fast", 2, Shielded()), CancellationToken.None);
        await ClusterHarness.EventuallyAsync(async () => Assert.True(await PostgresServer.WaitsForALockAsync(dataSource, "jp_feed_counter", "jp_project_public_list")), TimeSpan.FromSeconds(30));
        Assert.False(fast.IsCompleted);
        Assert.Empty(await ReadAfterAsync(dataSource, 0));

        await transaction.CommitAsync();
        await fast;
        Assert.Equal(["subj:slow", "subj:fast"], (await ReadAfterAsync(dataSource, 0)).Select(e => e.Key));
    }

    [Fact]
    public async Task TwoFirstProjectionsOfOneSubjectAtOnce_LeaveTheNewerRevision_AndDelistAtMostOnce()
    {
        const int Subjects = 60;
        await using var dataSource = await postgres.CreateMigratedDataSourceAsync("feed");
        var projection = new PostgresPublicListProjection(dataSource, TimeProvider.System);

        // Each subject's first projection (listed) races its second (shielded): whichever commits first, the newer wins.
        await Task.WhenAll(Enumerable.Range(0, Subjects).SelectMany(i => new[]
        {
            Task.Run(() => projection.ProjectAsync(Snapshot($"subj:race{i}", 1, Listed()), CancellationToken.None)),
            Task.Run(() => projection.ProjectAsync(Snapshot($"subj:race{i}", 2, Shielded()), CancellationToken.None)),
        }));

        await using var state = dataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM jp_public_subject WHERE subject_key LIKE 'subj:race%' AND revision = 2),
                   (SELECT count(*) FROM jp_public_listing WHERE subject_key LIKE 'subj:race%'),
                   (SELECT count(*) FROM jp_delisting WHERE subject_key LIKE 'subj:race%'),
                   (SELECT count(DISTINCT subject_key) FROM jp_delisting WHERE subject_key LIKE 'subj:race%')
            """);
        await using var reader = await state.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(Subjects, reader.GetInt64(0));
        Assert.Equal(0, reader.GetInt64(1));
        Assert.Equal(reader.GetInt64(3), reader.GetInt64(2));
    }

    private static async Task<List<(long Position, string Key)>> ReadAfterAsync(NpgsqlDataSource dataSource, long after, int limit = 50)
    {
        await using var command = dataSource.CreateCommand("SELECT position, subject_key FROM jp_delisting WHERE position > $1 ORDER BY position LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync();
        var page = new List<(long, string)>();
        while (await reader.ReadAsync())
        {
            page.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return page;
    }
}
