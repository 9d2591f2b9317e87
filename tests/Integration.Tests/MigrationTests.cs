using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Domain.Lifecycle;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Storage;
using JointPunishment.Storage.CourtRecords;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;

namespace JointPunishment.Integration.Tests;

[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresServer postgres)
{
    /// <summary>Every query key the Orleans 10.4.2 ADO.NET clustering, persistence and reminder providers look up.</summary>
    private static readonly string[] OrleansQueryKeys =
    [
        "MembershipReadAllKey", "MembershipReadRowKey", "InsertMembershipKey", "InsertMembershipVersionKey",
        "UpdateMembershipKey", "UpdateIAmAlivetimeKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey", "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        "DeleteStorageKey", "ReadReminderRowKey", "ReadReminderRowsKey", "ReadRangeRows1Key",
        "ReadRangeRows2Key", "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task Migrate_Twice_SecondRunAppliesNothingAndChangesNothing()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var services = Services(connectionString);
        var migrator = services.GetRequiredService<SchemaMigrator>();

        var first = await migrator.MigrateAsync();
        var schemaAfterFirst = await DescribeSchemaAsync(connectionString);
        var second = await migrator.MigrateAsync();

        Assert.Equal(Enumerable.Range(1, MigrationCatalog.All.Count), first);
        Assert.Empty(second);
        Assert.Equal(schemaAfterFirst, await DescribeSchemaAsync(connectionString));
        Assert.Equal(MigrationCatalog.All.Count, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM jp_schema_version"));
    }

    [Fact]
    public async Task Migrate_ManySilosAtOnce_EachMigrationRunsExactlyOnce()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var providers = Enumerable.Range(0, 6).Select(_ => Services(connectionString)).ToArray();

        var results = await Task.WhenAll(providers.Select(p => p.GetRequiredService<SchemaMigrator>().MigrateAsync()));

        Assert.Equal(Enumerable.Range(1, MigrationCatalog.All.Count), results.SelectMany(r => r).Order());
        Assert.Equal(MigrationCatalog.All.Count, await ScalarAsync<long>(connectionString, "SELECT count(DISTINCT version) FROM jp_schema_version"));
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task Migrate_RegistersEveryQueryTheOrleansProvidersNeed()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await ClusterHarness.MigrateAsync(connectionString);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT querykey FROM orleansquery", connection);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(OrleansQueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Migrate_AppliedMigrationWasEdited_RefusesToStart()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await ClusterHarness.MigrateAsync(connectionString);
        await ScalarAsync<int>(connectionString, "UPDATE jp_schema_version SET checksum = 'tampered' WHERE version = 1 RETURNING version");

        await using var services = Services(connectionString);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => services.GetRequiredService<SchemaMigrator>().MigrateAsync());
        Assert.Contains("changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_FromBeforePublicNames_FillsThemFromTheShortNamesAlreadyListed()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var services = Services(connectionString);
        var migrator = services.GetRequiredService<SchemaMigrator>();
        var publicNames = MigrationCatalog.All.Single(m => m.Name == "public_names").Version;
        await migrator.MigrateAsync(publicNames - 1);
        await ScalarAsync<int>(connectionString, """
            INSERT INTO jp_public_listing (subject_key, case_number, listed_event_id, court, name, id_masked, listed_on)
            VALUES ('subj:a', 'c1', 'e1', 'pc1', '张三', 'm', '2026-01-05'), ('subj:b', 'c2', 'e2', 'pc1', '张三', 'm', '2026-01-05'),
                   ('subj:c', 'c3', 'e3', 'pc1', '欧阳小明', 'm', '2026-01-05'), ('subj:d', 'c4', 'e4', 'pc1', '宁夏某某有限公司', 'm', '2026-01-05')
            RETURNING 1
            """);

        Assert.Equal(Enumerable.Range(publicNames, MigrationCatalog.All.Count - publicNames + 1), await migrator.MigrateAsync());

        Assert.Equal("张三,欧阳小明", await ScalarAsync<string>(connectionString, "SELECT string_agg(name, ',' ORDER BY name COLLATE \"C\") FROM jp_public_name"));
    }

    /// <summary>
    /// A subject's grain state as the Orleans serializer wrote it before listings had ServedOn and RiskNoticeMissing
    /// (captured from commit 9f12df0): one listed case of court <c>court-old</c>, listed 2026-10-01, no risk notice.
    /// </summary>
    private const string StateBeforeDueProcess =
        "ICDoCAMJQRNFOTkwMDAwMDFBE+aXp+aVsOaNruAhMAExLNQuHVN0cmluZ0NvbXBhcmVyAAMBAeABA0ElKDIwMjYp5penMDHmiacx5Y+3IOjAF0ETY291cnQtb2xkCQMJAQVhMUoLAAEDQQdwYXkhIAADIegIAwlhMUoLAEELb2xkLTEJAwnBAeDg4MEBwQEhIODgISDg4AEBISDg4ODgITgDAAMBAeDgITgDAAMBAeABA0EfY291cnQtb2xkCm9sZC0x4CE4AwADAQHg4AEDAQUhOAMAAwEB4ODg";

    [Fact]
    public async Task Listing_StoredBeforeServedOnAndRiskNotice_LoadsAsUnknown_AndIsNotCountedAgainstTheCourt()
    {
        await using var serialization = new ServiceCollection()
            .AddSerializer(b => b.AddAssembly(typeof(SubjectState).Assembly).AddAssembly(typeof(Listing).Assembly))
            .BuildServiceProvider();
        var state = serialization.GetRequiredService<Serializer>().Deserialize<SubjectState>(Convert.FromBase64String(StateBeforeDueProcess))!;

        var listing = Assert.Single(state.Listings.Values);
        Assert.Equal((ListingStatus.Listed, new DateOnly(2026, 10, 1), "court-old"), (listing.Status, listing.ListedOn, listing.Court));
        Assert.Null(listing.ServedOn);
        Assert.Null(listing.RiskNoticeMissing);
        Assert.Null(ListingDto.From(listing).RiskNoticeMissing); // absent from the court view: unknown, not "missing"
        var window = ListingLifecycle.Apply(listing, new CourtEvent("c", CourtEventType.CorrectionRequested, "court-old", listing.CaseNumber, state.Subject!, new(2026, 10, 12)));
        Assert.Contains("(listed 2026-10-01)", window.Rejection, StringComparison.Ordinal);

        var connectionString = await postgres.CreateDatabaseAsync();
        await ClusterHarness.MigrateAsync(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var snapshot = new SubjectSnapshot("subj:legacy", state.Revision, state.Subject!, [.. state.Listings.Values], []);
        await PostgresSubjectProjections.ExecuteAsync(dataSource, new PostgresCourtListingProjection().Commands(snapshot), CancellationToken.None);
        var record = await new CourtRecordStore(dataSource).ReadAsync("court-old", new DateOnly(2026, 11, 1), CancellationToken.None);

        Assert.Equal((1L, 0L), (record.Listings, record.RiskNoticeMissing));
    }

    [Fact]
    public async Task Migrate_FromBeforeThePublicOnlyCreditRepairFeed_DropsRowsOfSubjectsNeverPublishedAndEveryNote()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var services = Services(connectionString);
        var migrator = services.GetRequiredService<SchemaMigrator>();
        var publicOnly = MigrationCatalog.All.Single(m => m.Name == "credit_repair_feed_public_only").Version;
        await migrator.MigrateAsync(publicOnly - 1);
        // subj:listed is on the public list now, subj:delisted was (its delisting is in the feed), subj:hidden never was.
        await ExecuteAsync(connectionString, """
            INSERT INTO jp_public_listing (subject_key, case_number, listed_event_id, court, name, id_masked, listed_on)
            VALUES ('subj:listed', 'c1', 'e1', 'pc1', '甲', 'm', '2026-01-05');
            INSERT INTO jp_delisting (position, subject_key, case_number, listed_event_id, kind, name, id_masked, at)
            VALUES (1, 'subj:delisted', 'c2', 'e2', 1, '乙', 'm', now());
            SELECT jp_append_credit_repair('subj:listed', 3, 'bank', 'resident_id', 'm', '甲', 1::smallint, '甲的备注', now());
            SELECT jp_append_credit_repair('subj:hidden', 3, 'bank', 'resident_id', 'm', '丙', 1::smallint, '丙的备注', now());
            SELECT jp_append_credit_repair('subj:delisted', 4, 'air', 'resident_id', 'm', '乙', 2::smallint, NULL, now());
            """);

        await migrator.MigrateAsync();

        Assert.Equal("1 subj:listed,3 subj:delisted", await ScalarAsync<string>(connectionString,
            "SELECT string_agg(seq || ' ' || subject_key, ',' ORDER BY seq) FROM jp_credit_repair"));
        Assert.Equal(0L, await ScalarAsync<long>(connectionString,
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'jp_credit_repair' AND column_name = 'note'"));
        // The feed goes on after the highest seq ever given, so a reader's cursor stays valid.
        await ExecuteAsync(connectionString, "SELECT jp_append_credit_repair('subj:listed', 5, 'air', 'resident_id', 'm', '甲', 1::smallint, now())");
        Assert.Equal(4L, await ScalarAsync<long>(connectionString, "SELECT max(seq) FROM jp_credit_repair"));
    }

    private static ServiceProvider Services(string connectionString) =>
        new ServiceCollection().AddLogging()
            .AddPostgres(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["JP_POSTGRES"] = connectionString }).Build())
            .BuildServiceProvider();

    private static async Task<string> DescribeSchemaAsync(string connectionString)
    {
        const string sql = """
            SELECT string_agg(line, E'\n' ORDER BY line) FROM (
                SELECT table_name || '.' || column_name || ':' || data_type AS line
                  FROM information_schema.columns WHERE table_schema = 'public'
                UNION ALL SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
                UNION ALL SELECT 'query ' || querykey || ' ' || md5(querytext) FROM orleansquery
                UNION ALL SELECT 'function ' || proname || ' ' || md5(prosrc) FROM pg_proc
                          WHERE pronamespace = 'public'::regnamespace) lines
            """;
        return await ScalarAsync<string>(connectionString, sql);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
