using System.Net;
using JointPunishment.ClusterSecurity;
using JointPunishment.Grains;
using JointPunishment.Grains.Diagnostics;
using JointPunishment.Grains.Federation;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Subjects.Bulk;
using JointPunishment.Silo.Security;
using JointPunishment.Storage;
using JointPunishment.Storage.Encryption;
using JointPunishment.Storage.Federation;
using JointPunishment.Storage.Settings;
using JointPunishment.Storage.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace JointPunishment.Silo.Extensions;

public static class SiloHostingExtensions
{
    private const string AdoNetInvariant = "Npgsql";

    /// <summary>Port of the silo's own Prometheus endpoint (<c>/metrics</c>, operator key required; on 127.0.0.1 only when the silo has no <c>JP_OPERATOR_KEY</c>); 0 (the default) serves none.</summary>
    public const string MetricsPortSetting = "Silo:MetricsPort";

    /// <summary>True when the silo runs as a Kubernetes pod (<c>UseKubernetesHosting</c>: pod IP, pod name, pod lifecycle).</summary>
    public const string KubernetesSetting = "Silo:Kubernetes";

    /// <summary>
    /// A silo on the platform's PostgreSQL: ADO.NET clustering, grain storage and reminders, with every
    /// setting from configuration (<c>JP_POSTGRES</c>, <c>Cluster</c>, <c>Silo:Endpoints</c>,
    /// <c>Silo:Membership</c>, <c>Silo:MetricsPort</c>, <c>Silo:Kubernetes</c>, <c>Tls</c>).
    /// </summary>
    public static HostApplicationBuilder AddJointPunishmentSilo(this HostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // Checked before anything else is set up: a silo without a usable storage key or with a short operator key refuses to start.
        var storageKeys = StorageKeyRing.FromConfiguration(configuration);
        builder.Services.AddSingleton(storageKeys);
        builder.Services.AddStorageKey(configuration);
        builder.Services.AddOperatorKey(configuration, required: false);

        builder.Services.AddPostgres(configuration);
        builder.Services.AddCheckPath();
        builder.Services.AddSubjectProjections();
        builder.Services.AddPrincipalDirectory();
        builder.Services.AddFederationFeed();
        // The follower's bulk path for subjects new to this node (docs/federation.md, "Initial sync").
        builder.Services.AddSingleton<ISubjectBulkStore, PostgresSubjectBulkStore>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        // A database failure reaches the gateway as itself (answered 503 there), not as a codec error: Orleans only
        // serializes exceptions from the namespaces it is told about.
        builder.Services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));

        var metricsPort = configuration.GetValue<int>(MetricsPortSetting);
        builder.Services.AddJointPunishmentTelemetry(configuration, "jp-silo", [SiloMetrics.MeterName])
            .WithMetrics(metrics => metrics
                .AddPrometheusExporter()
                // Create the silo's instruments with the meter provider, so its gauges are there before the first check.
                .AddInstrumentation(services => services.GetRequiredService<SiloMetrics>()));
        if (metricsPort != 0)
        {
            builder.Services.AddHostedService(sp => new SiloMetricsEndpoint(
                metricsPort, sp.GetRequiredService<IOptions<OperatorOptions>>().Value.Key, sp.GetRequiredService<MeterProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        }

        var endpoints = configuration.GetSection(SiloEndpointSettings.Section).Get<SiloEndpointSettings>() ?? new();
        var kubernetes = configuration.GetValue<bool>(KubernetesSetting);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterIdentity.DefaultClusterId;
                o.ServiceId = ClusterIdentity.DefaultServiceId;
                configuration.GetSection(ClusterIdentity.ConfigurationSection).Bind(o);
            });
            silo.Configure<ClusterMembershipOptions>(configuration.GetSection("Silo:Membership"));
            silo.UseClusterTls(configuration, builder.Environment.IsDevelopment());
            // Every call carries the platform credential or an agency's key; agencies reach only the checks (docs/security.md).
            silo.UsePlatformCredential(configuration);
            silo.Services.AddSingleton<AgencyKeys>();
            silo.AddIncomingGrainCallFilter<ClusterCallGuard>();
            if (kubernetes)
            {
                // The pod's IP is advertised and every interface listened on; ports stay fixed for the pod spec.
                silo.Configure<EndpointOptions>(o =>
                {
                    o.SiloPort = endpoints.SiloPort is 0 ? EndpointOptions.DEFAULT_SILO_PORT : endpoints.SiloPort;
                    o.GatewayPort = endpoints.GatewayPort is 0 ? EndpointOptions.DEFAULT_GATEWAY_PORT : endpoints.GatewayPort;
                });
                silo.UseKubernetesHosting();
            }
            else
            {
                silo.ConfigureEndpoints(
                    IPAddress.Parse(endpoints.AdvertisedAddress),
                    SiloEndpointSettings.ResolvePort(endpoints.SiloPort),
                    SiloEndpointSettings.ResolvePort(endpoints.GatewayPort),
                    endpoints.ListenOnAnyAddress);
            }

            if (TelemetryServiceCollectionExtensions.TracingEnabled(configuration))
            {
                silo.AddActivityPropagation();
            }

            // The operator's dashboard is served by the gateway; silos collect for it. Its per-call profiling runs only
            // while someone watches (it stops a minute after the last dashboard request). Its counters are sampled every
            // 10 s instead of every second: each sample reads all of Orleans' gauges, and the directory cache's walks the
            // whole cache (a profile of a silo adding watchlist members: 78 ms a sample, 20% of the silo's CPU).
            silo.AddDashboard(options => options.CounterUpdateIntervalMs = 10_000);

            silo.UseAdoNetClustering(o => o.Configure<NpgsqlDataSource>((options, dataSource) =>
            {
                options.Invariant = AdoNetInvariant;
                options.DataSource = dataSource;
            }));
            silo.AddAdoNetGrainStorage(StorageNames.Main, o => o.Configure<NpgsqlDataSource, Serializer>((options, dataSource, serializer) =>
            {
                options.Invariant = AdoNetInvariant;
                options.DataSource = dataSource;
                // Orleans' own binary format keyed by [Id]/[Alias], not JSON with .NET type names:
                // renaming a state class or a member does not orphan the rows already written.
                // Encrypted at rest: subject states carry identity numbers a court must be able to see again.
                // Each payload is sealed for its row (RowBindingGrainStorage tells the serializer which row).
                options.GrainStorageSerializer = new EncryptingGrainStorageSerializer(
                    new OrleansGrainStorageSerializer(serializer), new GrainStateCipher(storageKeys));
            }));
            RowBindingGrainStorage.Wrap(silo.Services, StorageNames.Main);
            // The grains' own services (domain, check pipeline, index copy and warm-up), as the grain tests' silos have them.
            silo.AddJointPunishmentGrains();
            silo.AddStartupTask<PrincipalDirectoryBackfill>();
            silo.UseAdoNetReminderService(o => o.Configure<NpgsqlDataSource>((options, dataSource) =>
            {
                options.Invariant = AdoNetInvariant;
                options.DataSource = dataSource;
            }));
        });

        return builder;
    }
}
