using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace JointPunishment.Integration.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server: a fresh data directory under /tmp, a free port, stopped and deleted at
/// the end. As root it runs as the <c>postgres</c> user, because the server refuses to run as root.
/// A missing installation fails the tests with the command that installs it.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"jp-test-pg-{Guid.NewGuid():N}");
    private string _binDir = "";
    private int _databaseCounter;

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        _binDir = FindBinDir() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or in /usr/lib/postgresql/*/bin. " +
            "Install them with: apt-get install -y postgresql");
        Port = FreePort();
        var dataDir = Path.Combine(_root, "data");
        var socketDir = Path.Combine(_root, "run");
        Directory.CreateDirectory(dataDir);
        Directory.CreateDirectory(socketDir);
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "postgres", _root], asPostgres: false);
        }

        await RunAsync(Path.Combine(_binDir, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        // fsync off: these servers hold test data only; durability of the platform is tested above PostgreSQL.
        await RunAsync(Path.Combine(_binDir, "pg_ctl"),
            ["-D", dataDir, "-l", Path.Combine(socketDir, "postgres.log"), "-w", "-t", "60",
             "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {socketDir} -c fsync=off -c max_connections=400", "start"]);

        // The roles the migrator grants (src/Storage/PostgresRoles.sql), made once here rather than by the first of several
        // databases migrating at once; jp_app may log in, as the silos and gateways of a RunningSystem do.
        await using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var roles = new NpgsqlCommand("CREATE ROLE jp_app LOGIN; CREATE ROLE jp_audit_owner NOLOGIN", admin);
        await roles.ExecuteNonQueryAsync();
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    /// <summary>A new database with every migration applied, as a data source of the superuser (the caller disposes it).</summary>
    public async Task<NpgsqlDataSource> CreateMigratedDataSourceAsync(string prefix)
    {
        var connectionString = await CreateDatabaseAsync(prefix);
        await ClusterHarness.MigrateAsync(connectionString);
        return NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>Whether a statement of <paramref name="dataSource"/>'s database whose text contains one of <paramref name="queryTexts"/> waits for a lock.</summary>
    public static async Task<bool> WaitsForALockAsync(NpgsqlDataSource dataSource, params string[] queryTexts)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE ANY ($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = queryTexts.Select(t => $"%{t}%").ToArray() });
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    /// <summary>As the superuser, who owns what it migrates: for migrations and for tests that act behind the system's back.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=50";

    /// <summary>As the application role <c>jp_app</c> (trust authentication here; run.sh's server asks for its password).</summary>
    public string AppConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=jp_app;Database={database};Maximum Pool Size=50";

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_binDir.Length > 0 && Directory.Exists(Path.Combine(_root, "data")))
        {
            await RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"]);
        }

        Directory.Delete(_root, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string? FindBinDir()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")));
        if (onPath is not null)
        {
            return onPath;
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => bin, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, bool asPostgres = true)
    {
        var start = new ProcessStartInfo
        {
            FileName = asPostgres && IsRoot ? "runuser" : file,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (asPostgres && IsRoot)
        {
            foreach (var arg in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
