using JointPunishment.Grains.Subjects;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Storage.Watchlists;
using Npgsql;
using static JointPunishment.Integration.Tests.Infrastructure.TestSnapshots;

namespace JointPunishment.Integration.Tests.Watchlists;

/// <summary>
/// The watch projection finds a subject's members through the subject-key index however small the members table was
/// when the connection's plan was made (migration 0036). PL/pgSQL keeps a statement's plan for the life of a pooled
/// connection, so a sequential scan chosen for a small table would scan the whole table on every projection once
/// agencies had added their members.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WatchProjectionPlanTests(PostgresServer postgres)
{
    [Fact]
    public async Task TheProjection_ProbesMembersByIndex_WhenTheTableWasAnalysedSmall()
    {
        await using var dataSource = await postgres.CreateMigratedDataSourceAsync("watchplan");
        var keys = Enumerable.Range(0, 8).Select(i => $"subj:plan{i}").ToArray();
        await AlertFeedConcurrencyTests.WatchAsync(dataSource, keys);
        var projection = new PostgresWatchProjection(dataSource, new ProjectionCalendar(TimeProvider.System));
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var analyse = new NpgsqlCommand("ANALYZE jp_watch_member", connection))
        {
            await analyse.ExecuteNonQueryAsync();
        }

        // More projections than PL/pgSQL's five custom plans, so the last ones run the cached generic plan; in one
        // transaction, whose own scans pg_stat_xact_user_tables counts.
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var key in keys)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var command in projection.Commands(Snapshot(key, 1, Listed())))
            {
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync();
        }

        await using var scans = new NpgsqlCommand(
            "SELECT seq_scan, idx_scan FROM pg_stat_xact_user_tables WHERE relname = 'jp_watch_member'", connection, transaction);
        await using var reader = await scans.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(0, reader.GetInt64(0));
        Assert.True(reader.GetInt64(1) >= keys.Length, $"{reader.GetInt64(1)} index scans for {keys.Length} projections");
    }
}
