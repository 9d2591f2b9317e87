using System.Diagnostics;
using JointPunishment.ClusterSecurity;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Silo.Extensions;
using JointPunishment.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace JointPunishment.Integration.Tests.Infrastructure;

/// <summary>Starts real silos (in this process or as child processes) and clients on a test database.</summary>
public static class ClusterHarness
{
    /// <summary>Membership settings that declare a killed silo dead within seconds instead of a minute.</summary>
    public static readonly IReadOnlyDictionary<string, string?> FastFailureDetection = new Dictionary<string, string?>
    {
        ["Silo:Membership:ProbeTimeout"] = "00:00:01",
        ["Silo:Membership:NumMissedProbesLimit"] = "2",
        ["Silo:Membership:NumVotesForDeathDeclaration"] = "1",
        ["Silo:Membership:TableRefreshTimeout"] = "00:00:02",
        ["Silo:Membership:IAmAliveTablePublishTimeout"] = "00:00:05",
    };

    /// <summary>The deployment secret test silos and gateways derive subject keys with.</summary>
    public const string SubjectKey = "integration-test-subject-key-0123456789";

    public const string StorageKey = "integration-test-storage-key-0123456789";

    /// <summary>
    /// Silos and clients here run without TLS unless a test's settings say otherwise (<c>Tls:*</c>):
    /// the harness hosts are not Development, so the production default would demand a certificate.
    /// </summary>
    public const string TlsModeKey = "Tls:Mode";

    public static async Task MigrateAsync(string connectionString)
    {
        var services = new ServiceCollection().AddLogging()
            .AddPostgres(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["JP_POSTGRES"] = connectionString }).Build())
            .BuildServiceProvider();
        await using var _ = services;
        await services.GetRequiredService<SchemaMigrator>().MigrateAsync();
    }

    // services: adds to the silo's services (a grain call filter that injects a fault). adminConnectionString: the
    // owner's connection the silo migrates with (JP_POSTGRES_ADMIN), when connectionString is the application role's.
    // warnings: also receives the silo's warnings and errors (what a failing start reports).
    public static async Task<IHost> StartSiloAsync(
        string connectionString, IReadOnlyDictionary<string, string?>? settings = null, LogCapture? capture = null, Action<IServiceCollection>? services = null,
        string? adminConnectionString = null, LogCapture? warnings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["JP_POSTGRES"] = connectionString, ["JP_POSTGRES_ADMIN"] = adminConnectionString, ["JP_SUBJECT_KEY"] = SubjectKey, ["JP_STORAGE_KEY"] = StorageKey, [TlsModeKey] = "off" });
        builder.Configuration.AddInMemoryCollection(settings ?? FastFailureDetection);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (capture is not null)
        {
            builder.Logging.AddProvider(capture).SetMinimumLevel(LogLevel.Information);
        }

        if (warnings is not null)
        {
            builder.Logging.AddProvider(warnings);
        }

        builder.AddJointPunishmentSilo();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
        await host.StartAsync();
        return host;
    }

    /// <summary>
    /// A client on the test database; <paramref name="settings"/> may turn TLS on (<c>Tls:*</c>), and
    /// <paramref name="configure"/> may add to the client (a TLS setup other than the platform's own).
    /// </summary>
    public static async Task<IHost> StartClientAsync(
        string connectionString,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IClientBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [TlsModeKey] = "off", [CallCredentials.SecretSetting] = StorageKey });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterIdentity.DefaultClusterId;
                o.ServiceId = ClusterIdentity.DefaultServiceId;
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            client.UseClusterTls(builder.Configuration, builder.Environment.IsDevelopment());
            if (builder.Configuration[CallCredentials.SecretSetting] is { Length: > 0 })
            {
                client.UsePlatformCredential(builder.Configuration);
            }

            configure?.Invoke(client);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    /// <summary>Starts the built silo executable as a child process, so that it can be killed like a crashed machine.</summary>
    public static Process StartSiloProcess(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var siloDll = Path.Combine(BuildOutput("Silo"), "JointPunishment.Silo.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { siloDll },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["JP_POSTGRES"] = connectionString, ["JP_SUBJECT_KEY"] = SubjectKey, ["JP_STORAGE_KEY"] = StorageKey, ["Tls__Mode"] = "off" },
        };
        foreach (var (key, value) in settings ?? FastFailureDetection)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

#if DEBUG
    public const string BuildConfiguration = "Debug";
#else
    public const string BuildConfiguration = "Release";
#endif

    /// <summary>Where the build of the project <c>src/<paramref name="project"/></c> that these tests were built with put it.</summary>
    public static string BuildOutput(string project) => RepositoryPath("src", project, "bin", BuildConfiguration, "net10.0");

    /// <summary>A path inside the repository (found by walking up to JointPunishment.sln).</summary>
    public static string RepositoryPath(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "JointPunishment.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir?.FullName ?? throw new InvalidOperationException("JointPunishment.sln not found above the test binaries."), .. parts]);
    }

    /// <summary>Retries <paramref name="action"/> until it succeeds or <paramref name="timeout"/> passes (cluster changes are asynchronous).</summary>
    public static Task EventuallyAsync(Func<Task> action, TimeSpan timeout) =>
        EventuallyAsync(async () =>
        {
            await action();
            return true;
        }, timeout);

    /// <summary>Retries <paramref name="action"/> until it succeeds or <paramref name="timeout"/> passes.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> action, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await action().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(200);
            }
        }
    }
}
