using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Storage.Encryption;
using JointPunishment.Storage.Federation;
using Npgsql;

namespace JointPunishment.Integration.Tests.Federation;

/// <summary>The federation feed's cursor under concurrent writers (several gateways recording court requests at once).</summary>
[Collection(PostgresCollection.Name)]
public sealed class FederationLogConcurrencyTests(PostgresServer postgres)
{
    private const int Writers = 8;
    private const int RequestsPerWriter = 30;
    private const int EventsPerRequest = 3;

    [Fact]
    public async Task ConcurrentWriters_NeverMakeAFollowerSkipAnEvent_AndRetriesAddNothing()
    {
        await using var dataSource = await postgres.CreateMigratedDataSourceAsync("federation");
        var log = Log(dataSource);

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var r = 0; r < RequestsPerWriter; r++)
            {
                var entries = Enumerable.Range(0, EventsPerRequest).Select(e => new FederationEntry($"subj:w{w}", $"w{w}-r{r}-e{e}", $$"""{"eventId":"w{{w}}-r{{r}}-e{{e}}"}""")).ToList();
                await AppendAsync(dataSource, log, entries);
                // The court sent the request again (its answer was lost): nothing is added.
                await AppendAsync(dataSource, log, entries);
            }
        })).ToArray();

        var seen = new List<FederationEvent>();
        var cursor = 0L;
        var allWritten = Task.WhenAll(writers);
        while (true)
        {
            var done = allWritten.IsCompleted;
            var page = await log.ReadAfterAsync(cursor, 50, CancellationToken.None);
            Assert.All(page, e => Assert.True(e.Seq > cursor));
            seen.AddRange(page);
            cursor = page.Count > 0 ? page[^1].Seq : cursor;
            if (done && page.Count == 0)
            {
                break;
            }
        }

        await allWritten;
        var everything = await log.ReadAfterAsync(0, 10_000, CancellationToken.None);
        Assert.Equal(Writers * RequestsPerWriter * EventsPerRequest, everything.Count);
        Assert.Equal(everything.Count, everything.Select(e => e.Event).Distinct().Count());
        Assert.Equal(everything.Select(e => e.Seq), seen.Select(e => e.Seq));
        // One writer's events stay in the order it appended them.
        for (var w = 0; w < Writers; w++)
        {
            var mine = everything.Where(e => e.Event.Contains($"\"w{w}-", StringComparison.Ordinal)).Select(e => e.Event).ToList();
            Assert.Equal(Enumerable.Range(0, RequestsPerWriter).SelectMany(r => Enumerable.Range(0, EventsPerRequest).Select(e => $$"""{"eventId":"w{{w}}-r{{r}}-e{{e}}"}""")), mine);
        }
    }

    [Fact]
    public async Task AWriterThatHasTakenSeqs_HoldsBackLaterWriters_UntilItCommits()
    {
        await using var dataSource = await postgres.CreateMigratedDataSourceAsync("federation");
        var log = Log(dataSource);

        await using var slow = await dataSource.OpenConnectionAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await using (var batch = new NpgsqlBatch(slow, transaction))
        {
            batch.BatchCommands.Add(log.AppendCommand("court", [new FederationEntry("subj:slow", "slow", "slow")]));
            await batch.ExecuteNonQueryAsync();
        }

        var fast = AppendAsync(dataSource, log, [new FederationEntry("subj:fast", "fast", "fast")]);
        await ClusterHarness.EventuallyAsync(async () => Assert.True(await PostgresServer.WaitsForALockAsync(dataSource, "jp_feed_counter")), TimeSpan.FromSeconds(30));
        Assert.False(fast.IsCompleted);
        Assert.Empty(await log.ReadAfterAsync(0, 10, CancellationToken.None));

        await transaction.CommitAsync();
        await fast;
        Assert.Equal(["slow", "fast"], (await log.ReadAfterAsync(0, 10, CancellationToken.None)).Select(e => e.Event));
    }

    private static FederationLog Log(NpgsqlDataSource dataSource) =>
        new(dataSource, new SecretProtector(new StorageKeyRing(ClusterHarness.StorageKey), SecretProtector.FederationEventPurpose));

    private static async Task AppendAsync(NpgsqlDataSource dataSource, FederationLog log, IReadOnlyCollection<FederationEntry> entries)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(log.AppendCommand("court", entries));
        await batch.ExecuteNonQueryAsync();
    }
}
