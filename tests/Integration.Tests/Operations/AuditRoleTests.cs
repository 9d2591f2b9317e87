using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace JointPunishment.Integration.Tests.Operations;

/// <summary>
/// The audit cannot be rewritten by the application (issue 24 item 7): migrated with the owner's connection
/// (<c>JP_POSTGRES_ADMIN</c>), the role the silos and gateways connect as may insert into and read <c>jp_audit</c>, and
/// nothing else — no update, delete or truncate, no disabling its triggers, no acting as its owner.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditRoleTests(PostgresServer postgres)
{
    [Fact]
    public async Task AppRole_MayInsertAndReadTheAudit_ButNotUpdateDeleteTruncateOrBecomeItsOwner()
    {
        var (admin, app) = await NewDatabaseAsync();
        await MigrateAsync(app, admin);

        await using var connection = await OpenAsync(app);
        Assert.Equal(1, await ExecuteAsync(connection, "INSERT INTO jp_audit (actor_role, actor_code, action, target) VALUES ('court', 'c1', 'probe', 'court:c1')"));
        Assert.Equal(1L, await ScalarAsync<long>(connection, "SELECT count(*) FROM jp_audit WHERE action = 'probe'"));

        foreach (var rewrite in new[]
        {
            "UPDATE jp_audit SET actor_code = 'someone else'",
            "DELETE FROM jp_audit",
            "TRUNCATE jp_audit",
            "ALTER TABLE jp_audit DISABLE TRIGGER USER",   // the append-only triggers guard only until their owner turns them off
            "DROP TABLE jp_audit",
            "SET ROLE jp_audit_owner",
            "SELECT setval(pg_get_serial_sequence('jp_audit', 'id'), 1)",
            "UPDATE jp_schema_version SET checksum = 'x'",
        })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, rewrite));
            Assert.True(refused.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{rewrite}: {refused.SqlState} {refused.MessageText}");
        }

        // …while its own tables stay writable.
        Assert.Equal(1, await ExecuteAsync(connection, "INSERT INTO jp_republisher (code, url, secret, next_attempt_at, created_at) VALUES ('r1', 'https://example.org/hook', 's', now(), now())"));
        Assert.Equal(1, await ExecuteAsync(connection, "UPDATE jp_republisher SET attempts = 1 WHERE code = 'r1'"));
        Assert.Equal(1, await ExecuteAsync(connection, "DELETE FROM jp_republisher WHERE code = 'r1'"));
        await using var owner = await OpenAsync(admin);
        Assert.Equal("jp_audit_owner", await ScalarAsync<string>(owner, "SELECT tableowner::text FROM pg_tables WHERE tablename = 'jp_audit'"));
    }

    [Fact]
    public async Task AppRole_WithoutTheOwnersConnection_StartsOnACurrentSchema_AndCannotMigrateAnEmptyOne()
    {
        var (admin, app) = await NewDatabaseAsync();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => MigrateAsync(app, admin: null));
        Assert.Contains("JP_POSTGRES_ADMIN", refused.Message, StringComparison.Ordinal);

        await MigrateAsync(app, admin);
        Assert.Empty(await MigrateAsync(app, admin: null));   // what a silo given only JP_POSTGRES does at start
    }

    [Fact]
    public async Task NonSuperuserOwner_WithCreateRole_MigratesAndHandsTheAuditOver()
    {
        var (superuser, _) = await NewDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(superuser).Database!;
        var ownerRole = $"owner_{database}";
        await using (var connection = await OpenAsync(superuser))
        {
            await ExecuteAsync(connection, $"CREATE ROLE \"{ownerRole}\" LOGIN CREATEROLE; ALTER DATABASE \"{database}\" OWNER TO \"{ownerRole}\"; ALTER SCHEMA public OWNER TO \"{ownerRole}\"");
        }

        var owner = new NpgsqlConnectionStringBuilder(superuser) { Username = ownerRole }.ConnectionString;
        var app = postgres.AppConnectionString(database);
        await MigrateAsync(app, owner);
        await MigrateAsync(app, owner);   // the grants are applied again, harmlessly

        await using var asApp = await OpenAsync(app);
        Assert.Equal(1, await ExecuteAsync(asApp, "INSERT INTO jp_audit (actor_role, actor_code, action, target) VALUES ('court', 'c1', 'probe', 'court:c1')"));
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(asApp, "DELETE FROM jp_audit"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    private async Task<(string Admin, string App)> NewDatabaseAsync()
    {
        var admin = await postgres.CreateDatabaseAsync("audit");
        return (admin, postgres.AppConnectionString(new NpgsqlConnectionStringBuilder(admin).Database!));
    }

    private static async Task<IReadOnlyList<int>> MigrateAsync(string app, string? admin)
    {
        var settings = new Dictionary<string, string?> { ["JP_POSTGRES"] = app, ["JP_POSTGRES_ADMIN"] = admin };
        await using var services = new ServiceCollection().AddLogging()
            .AddPostgres(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        return await services.GetRequiredService<SchemaMigrator>().MigrateAsync();
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
