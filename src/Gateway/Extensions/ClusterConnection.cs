using JointPunishment.ClusterSecurity;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Storage.Telemetry;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using JointPunishment.Gateway.Telemetry;

namespace JointPunishment.Gateway.Extensions;

/// <summary>
/// The gateway's Orleans client, connected in the background. Orleans' client connects while its host
/// starts, which would hold the whole web host (and <c>/health</c>) hostage until a silo answers; here the
/// client lives in a host of its own that this service starts, so the gateway serves HTTP at once and
/// answers 503 until the cluster is reachable.
/// </summary>
public sealed partial class ClusterConnection : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly IConfiguration _configuration;
    private readonly IHostEnvironment _environment;
    private readonly ILoggerFactory _loggerFactory;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<ClusterConnection> _logger;
    private readonly TaskCompletionSource<IClusterClient> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IHost _clientHost;

    public ClusterConnection(IConfiguration configuration, IHostEnvironment environment, ILoggerFactory loggerFactory, NpgsqlDataSource dataSource)
    {
        (_configuration, _environment, _loggerFactory, _dataSource) = (configuration, environment, loggerFactory, dataSource);
        _logger = loggerFactory.CreateLogger<ClusterConnection>();
        _clientHost = BuildClientHost();
    }

    /// <summary>The current client; resolve it per use (it is replaced if a start fails).</summary>
    public IClusterClient Client => _clientHost.Services.GetRequiredService<IClusterClient>();

    /// <summary>The current client's way into <see cref="ICheckGrain"/>, spread over the silos; resolve it per use, as <see cref="Client"/>.</summary>
    public CheckGrains Checks => _clientHost.Services.GetRequiredService<CheckGrains>();

    /// <summary>The client once it has connected (it is not replaced after that).</summary>
    public Task<IClusterClient> Connected => _connected.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _clientHost.StartAsync(stoppingToken);
                _connected.TrySetResult(Client);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Keep serving (503s) and start over with a fresh client instead of stopping the gateway.
                LogClientFailed(ex);
                var failed = _clientHost;
                _clientHost = BuildClientHost();
                failed.Dispose();
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await _clientHost.StopAsync(cancellationToken);
        }
        catch (ObjectDisposedException ex)
        {
            // Orleans' client can race its gateway-list refresh timer against its own stop (seen once in CI from
            // GatewayManager.StopAsync). The client is stopping either way and nothing of ours is left undone, so the
            // gateway's own stop goes on instead of failing.
            LogClientStopRaced(ex);
        }
    }

    public override void Dispose()
    {
        _clientHost.Dispose();
        base.Dispose();
    }

    private IHost BuildClientHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(_loggerFactory);
        // Database failures in a silo arrive as NpgsqlException (answered 503), as the silos send them.
        builder.Services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterIdentity.DefaultClusterId;
                o.ServiceId = ClusterIdentity.DefaultServiceId;
                _configuration.GetSection(ClusterIdentity.ConfigurationSection).Bind(o);
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.DataSource = _dataSource;
            });
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            client.UseConnectionRetryFilter<RetryForeverConnectionFilter>();
            if (TelemetryServiceCollectionExtensions.TracingEnabled(_configuration))
            {
                client.AddActivityPropagation();
            }

            client.AddOutgoingGrainCallFilter<RejectedCallRetryFilter>();

            client.UseClusterTls(_configuration, _environment.IsDevelopment());
            // The gateway is a platform host: its calls may reach any grain (an agency's own gateway reaches only the checks).
            client.UsePlatformCredential(_configuration);
        });
        // One per client: it takes the client's check keys in turn.
        builder.Services.AddSingleton(sp => new CheckGrains(sp.GetRequiredService<IClusterClient>()));
        return builder.Build();
    }

    [LoggerMessage(EventId = GatewayEventIds.ClientStopRaced, Level = LogLevel.Warning, Message = "The Orleans client's stop raced its own disposal; the gateway stops anyway")]
    private partial void LogClientStopRaced(Exception exception);

    [LoggerMessage(EventId = GatewayEventIds.ClientStartFailed, Level = LogLevel.Error, Message = "The Orleans client failed to start; retrying with a new client (the gateway answers 503 meanwhile)")]
    private partial void LogClientFailed(Exception exception);
}
