using System.Collections.Immutable;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Storage.Deadlines;
using Npgsql;

namespace JointPunishment.Integration.Tests;

/// <summary>The due-date projection is idempotent by revision: replays and older snapshots change nothing.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DueStepProjectionTests(PostgresServer postgres)
{
    private static readonly SubjectRef Debtor = new(IdType.Passport, "E12345678", "张三");

    [Fact]
    public async Task Project_KeepsTheHighestRevision_AndClearsWhenNothingIsPending()
    {
        var connectionString = await postgres.CreateDatabaseAsync("due");
        await ClusterHarness.MigrateAsync(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var projection = new PostgresDueStepProjection(dataSource);
        var requested = new Listing("(2026)京01执9号", "c1", ListingStatus.Listed, 2) { ListedOn = new(2026, 11, 1), CorrectionRequestedOn = new(2026, 11, 5) };
        var performed = requested with { CorrectionRequestedOn = null, PerformedOn = new(2026, 11, 20), Version = 4 };

        await projection.ProjectAsync(Snapshot(2, requested), CancellationToken.None);
        await projection.ProjectAsync(Snapshot(4, performed), CancellationToken.None);
        await projection.ProjectAsync(Snapshot(2, requested), CancellationToken.None);
        await projection.ProjectAsync(Snapshot(4, performed), CancellationToken.None);
        Assert.Equal(["2|2026-11-23"], await StepsAsync(dataSource));

        await projection.ProjectAsync(Snapshot(5, performed with { Status = ListingStatus.Shielded, PerformedOn = null }), CancellationToken.None);
        Assert.Empty(await StepsAsync(dataSource));
    }

    private static SubjectSnapshot Snapshot(long revision, Listing listing) => new("subj:test", revision, Debtor, [listing], ImmutableArray<OfficerLink>.Empty);

    private static async Task<List<string>> StepsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT step || '|' || to_char(due_on, 'YYYY-MM-DD') FROM jp_due_step ORDER BY 1");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
