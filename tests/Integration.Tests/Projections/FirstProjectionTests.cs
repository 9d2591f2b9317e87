using System.Collections.Immutable;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using static JointPunishment.Integration.Tests.Infrastructure.TestSnapshots;

namespace JointPunishment.Integration.Tests.Projections;

/// <summary>
/// The follower's bulk path projects a page of new subjects set-based (<see cref="IPostgresSubjectProjection.FirstCommands"/>,
/// migration 0037). It must write exactly what each subject's own projection writes, and leave alone, naming it, a
/// subject any projection already holds rows of.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FirstProjectionTests(PostgresServer postgres)
{
    private static readonly string[] Tables =
    [
        "jp_public_name", "jp_due_subject", "jp_due_step", "jp_court_listing_subject", "jp_court_listing", "jp_objection_subject",
        "jp_objection", "jp_public_subject", "jp_public_listing", "jp_delisting", "jp_red_list", "jp_watch_member", "jp_watch_due",
        "jp_alert", "jp_feed_counter",
    ];

    [Fact]
    public async Task FirstProjections_WriteWhatEachSubjectsOwnProjectionWrites()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
        await using var perSubject = await postgres.CreateMigratedDataSourceAsync("first_each");
        await using var setBased = await postgres.CreateMigratedDataSourceAsync("first_set");
        var snapshots = VariedSnapshots();
        foreach (var dataSource in new[] { perSubject, setBased })
        {
            await WatchAsync(dataSource, "subj:first-watched", "subj:first-officer", "subj:first-public");
        }

        await using var perSubjectServices = Services(perSubject, time);
        await PostgresSubjectProjections.ExecuteAsync(
            perSubject, PostgresSubjectProjections.CommandsFor(perSubjectServices.GetServices<IPostgresSubjectProjection>(), snapshots), CancellationToken.None);
        await using var setBasedServices = Services(setBased, time);
        Assert.Empty(await FirstAsync(setBased, setBasedServices, snapshots));

        foreach (var table in Tables)
        {
            var expected = await DumpAsync(perSubject, table);
            Assert.Equal(expected, await DumpAsync(setBased, table));
        }

        // What the comparison covers: each kind of row was written. Alerts: the two listed members and the officer of a
        // listed unit; public entries: three listed public cases (not the private one, not the shielded one); court
        // records: every case listed, the shielded one too; due steps: the correction's review and the open objection's.
        Assert.Equal(3, await ScalarAsync(setBased, "SELECT count(*) FROM jp_alert"));
        Assert.Equal(3, await ScalarAsync(setBased, "SELECT count(*) FROM jp_public_listing"));
        Assert.Equal(5, await ScalarAsync(setBased, "SELECT count(*) FROM jp_court_listing"));
        Assert.Equal(2, await ScalarAsync(setBased, "SELECT count(*) FROM jp_due_step"));
        Assert.Equal(1, await ScalarAsync(setBased, "SELECT count(*) FROM jp_objection"));
    }

    [Fact]
    public async Task FirstProjections_LeaveTheSubjectsTheyHoldRowsOf_AndNameThem()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
        await using var dataSource = await postgres.CreateMigratedDataSourceAsync("first_held");
        await using var services = Services(dataSource, time);
        var projections = services.GetServices<IPostgresSubjectProjection>().ToArray();
        var earlier = Snapshot("subj:held", 4, Listed());
        await PostgresSubjectProjections.ExecuteAsync(dataSource, PostgresSubjectProjections.CommandsFor(projections, [earlier]), CancellationToken.None);

        // A court-record row left of a subject whose state now has no listed case.
        await using (var stale = dataSource.CreateCommand("INSERT INTO jp_court_listing_subject (subject_key, revision) VALUES ('subj:stale', 9)"))
        {
            await stale.ExecuteNonQueryAsync();
        }

        var officer = new SubjectSnapshot("subj:stale", 1, new SubjectRef(IdType.ResidentId, "110101199003071234", "并发"), [], []);
        var fresh = Snapshot("subj:fresh", 1, Listed() with { CaseNumber = "(2026)宁01执10号" });
        Assert.Equal(["subj:held", "subj:stale"], (await FirstAsync(dataSource, services, [Snapshot("subj:held", 1, Listed()), officer, fresh])).Order());

        // The held subject's rows are as its own projection left them; the new one's are written.
        Assert.Equal(4, await ScalarAsync(dataSource, "SELECT revision FROM jp_public_subject WHERE subject_key = 'subj:held'"));
        Assert.Equal(1, await ScalarAsync(dataSource, "SELECT count(*) FROM jp_public_listing WHERE subject_key = 'subj:fresh'"));
    }

    /// <summary>A page's worth of different subjects: each kind of row every set-based statement writes, and none.</summary>
    private static List<SubjectSnapshot> VariedSnapshots()
    {
        var objection = new Objection("o1", "bank", "credit.bank_credit", "已履行", new DateTimeOffset(2026, 11, 3, 8, 0, 0, TimeSpan.Zero), new DateOnly(2026, 11, 3));
        var unit = new SubjectRef(IdType.Uscc, "91310000MA1FL8XQ30", "某某有限公司");
        var unitListing = Listed() with { CaseNumber = "(2026)宁01执11号", Court = "c2" };
        return
        [
            Snapshot("subj:first-public", 2, Listed() with
            {
                CorrectionRequestedOn = new DateOnly(2026, 12, 1), RiskNoticeMissing = false, Objections = [objection],
            }),
            Snapshot("subj:first-private", 1, Listed() with { CaseNumber = "(2026)宁01执12号", Public = false, RiskNoticeMissing = true }),
            new("subj:first-two", 3, new SubjectRef(IdType.ResidentId, "110101199003071234", "两案"),
                [Listed() with { CaseNumber = "(2026)宁01执13号" }, Shielded() with { CaseNumber = "(2026)宁01执14号" }], []),
            Snapshot("subj:first-watched", 1, Listed() with { CaseNumber = "(2026)宁01执15号" }),
            Snapshot("subj:first-notice", 1, new Listing("(2026)宁01执16号", "c1", ListingStatus.RiskNotice, 1)),
            new("subj:first-officer", 1, new SubjectRef(IdType.ResidentId, "110101199003071234", "法代"), [],
                [new OfficerLink(unit, SubjectRole.LegalRepresentative, unitListing.CaseNumber, 1, unitListing, new SubjectRef(IdType.ResidentId, "110101199003071234", "法代"))]),
        ];
    }

    private static ServiceProvider Services(NpgsqlDataSource dataSource, TimeProvider time) => new ServiceCollection()
        .AddSingleton(dataSource)
        .AddSingleton(time)
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
        .AddSubjectProjections()
        .BuildServiceProvider();

    private static async Task<IReadOnlyCollection<string>> FirstAsync(NpgsqlDataSource dataSource, IServiceProvider services, List<SubjectSnapshot> snapshots)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var command in services.GetServices<IPostgresSubjectProjection>().SelectMany(p => p.FirstCommands(snapshots)))
        {
            batch.BatchCommands.Add(command);
        }

        return await FirstProjection.ExecuteAsync(batch, CancellationToken.None);
    }

    /// <summary>A watchlist of the rail measure with one member per subject key, as an agency's add leaves them.</summary>
    private static async Task WatchAsync(NpgsqlDataSource dataSource, params string[] subjectKeys)
    {
        await using var command = dataSource.CreateCommand("""
            WITH w AS (INSERT INTO jp_watchlist (agency, name, measure) VALUES ('rail', 'riders', 'consumption.rail') RETURNING id)
            INSERT INTO jp_watch_member (watchlist_id, ref, subject_key) SELECT w.id, 'ref-' || k, k FROM w, unnest($1::text[]) AS k
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = subjectKeys });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> DumpAsync(NpgsqlDataSource dataSource, string table)
    {
        await using var command = dataSource.CreateCommand($"SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM {table} t");
        return $"{table}:\n{await command.ExecuteScalarAsync()}";
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
