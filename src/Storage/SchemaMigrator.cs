using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using JointPunishment.Storage.Telemetry;

namespace JointPunishment.Storage;

/// <summary>
/// Brings the database to the newest schema. Every silo runs it before joining, so several may run it
/// at the same moment: a session advisory lock makes them take turns, and the version table makes the
/// second one a no-op. Each migration commits together with its version row, so a crash leaves either
/// all of a migration or none of it.
/// <para>
/// With <see cref="PostgresOptions.AdminConnectionString"/> (<c>JP_POSTGRES_ADMIN</c>) it migrates as the schema owner and
/// then grants the application role its rights (<c>PostgresRoles.sql</c>); without it, on the application's connection,
/// which needs no right beyond reading <c>jp_schema_version</c> while the schema is current. Either way it then warns
/// when the application's role could rewrite <c>jp_audit</c>.
/// </para>
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, IOptions<PostgresOptions> options, ILogger<SchemaMigrator> logger)
{
    private static readonly string RolesSql = ReadRolesSql();

    /// <summary>Advisory lock key: "JPSCHEMA" read as a 64-bit integer, so it collides with nothing else we lock.</summary>
    private const long AdvisoryLockKey = 0x4A50534348454D41;

    /// <summary>Applies what is missing and returns the versions it applied (empty when already current).</summary>
    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default) =>
        MigrateAsync(MigrationCatalog.All.Count, cancellationToken);

    /// <summary>
    /// Applies what is missing up to <paramref name="version"/> only: a database as an older build left it, so that
    /// an upgrade can be tested against the rows that build wrote.
    /// </summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(int version, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, MigrationCatalog.All.Count);
        var adminConnectionString = options.Value.AdminConnectionString;
        await using var admin = adminConnectionString.Length > 0 ? NpgsqlDataSource.Create(adminConnectionString) : null;
        var newlyApplied = await MigrateAsync(admin ?? dataSource, version, admin is not null, cancellationToken);
        await WarnIfAuditRewritableAsync(cancellationToken);
        return newlyApplied;
    }

    private async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource owner, int version, bool asAdmin, CancellationToken cancellationToken)
    {
        await using var connection = await owner.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            // Only when missing: CREATE … IF NOT EXISTS still needs the right to create, which the application's role lacks.
            if (!await ScalarAsync<bool>(connection, "SELECT to_regclass('jp_schema_version') IS NOT NULL", cancellationToken))
            {
                await ExecuteAsync(connection, """
                    CREATE TABLE IF NOT EXISTS jp_schema_version
                    (
                        version    integer     PRIMARY KEY,
                        name       text        NOT NULL,
                        checksum   text        NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """, cancellationToken);
            }

            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var newlyApplied = new List<int>();
            foreach (var migration in MigrationCatalog.All.Take(version))
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Version} ({migration.Name}) was changed after it was applied. " +
                            "Applied migrations are immutable: add a new migration instead.");
                    }

                    continue;
                }

                await ApplyAsync(connection, migration, cancellationToken);
                newlyApplied.Add(migration.Version);
                LogApplied(migration.Version, migration.Name);
            }

            var unknown = applied.Keys.Where(v => v > MigrationCatalog.All.Count).ToArray();
            if (unknown.Length > 0)
            {
                throw new InvalidOperationException(
                    $"The database has schema version {unknown.Max()}, newer than this build knows ({MigrationCatalog.All.Count}). Upgrade the binaries.");
            }

            if (asAdmin)
            {
                await GrantRolesAsync(connection, cancellationToken);
            }

            return newlyApplied;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && !asAdmin)
        {
            throw new InvalidOperationException(
                $"The schema is not current and {connection.UserName} may not change it ({ex.MessageText}): set JP_POSTGRES_ADMIN to the " +
                "schema owner's connection string, or run the silo with 'migrate' as the owner first (docs/security.md \"PostgreSQL roles and the audit trail\").", ex);
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    /// <summary>Grants <c>jp_app</c> its rights and hands <c>jp_audit</c> to <c>jp_audit_owner</c> (<c>PostgresRoles.sql</c>).</summary>
    private async Task GrantRolesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var appUser = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString).Username ?? "";
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var setting = new NpgsqlCommand("SELECT set_config('jp.app_user', $1, true)", connection, transaction))
        {
            setting.Parameters.Add(new() { Value = appUser });
            await setting.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var grant = new NpgsqlCommand(RolesSql, connection, transaction))
        {
            await grant.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Warns when the role the silos and gateways connect as is a superuser, may act as <c>jp_audit</c>'s owner, or holds
    /// UPDATE, DELETE or TRUNCATE on it: then the audit's append-only triggers are all that guard it.
    /// </summary>
    private async Task WarnIfAuditRewritableAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rewritable = await ScalarAsync<bool?>(connection, """
            SELECT r.rolsuper OR pg_has_role(c.relowner, 'MEMBER') OR has_table_privilege(c.oid, 'UPDATE, DELETE, TRUNCATE')
            FROM pg_class c, pg_roles r
            WHERE c.oid = to_regclass('jp_audit') AND r.rolname = current_user
            """, cancellationToken);
        if (rewritable == true)
        {
            LogAuditRewritable(connection.UserName ?? "?");
        }
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(migration.Sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var record = new NpgsqlCommand(
            "INSERT INTO jp_schema_version (version, name, checksum) VALUES ($1, $2, $3)", connection, transaction))
        {
            record.Parameters.Add(new() { Value = migration.Version });
            record.Parameters.Add(new() { Value = migration.Name });
            record.Parameters.Add(new() { Value = migration.Checksum });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM jp_schema_version", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetInt32(0), reader.GetString(1));
        }

        return applied;
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)value;
    }

    private static string ReadRolesSql()
    {
        using var stream = typeof(SchemaMigrator).Assembly.GetManifestResourceStream("PostgresRoles.sql")
            ?? throw new InvalidOperationException("Missing embedded PostgresRoles.sql.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = StorageEventIds.MigrationApplied, Level = LogLevel.Information, Message = "Applied schema migration {Version} ({Name})")]
    private partial void LogApplied(int version, string name);

    [LoggerMessage(EventId = StorageEventIds.ApplicationRoleCanRewriteAudit, Level = LogLevel.Warning, Message = "The application's PostgreSQL role {Role} can rewrite the audit (jp_audit): connect silos and gateways as an application role and migrate with JP_POSTGRES_ADMIN (docs/security.md \"PostgreSQL roles and the audit trail\")")]
    private partial void LogAuditRewritable(string role);
}
