using JointPunishment.Grains.Interfaces;
using Npgsql;
using Orleans.Configuration;

namespace JointPunishment.Gateway.Extensions;

/// <summary>
/// The gateway's Orleans client, connected in the background. Orleans' client connects while its host
/// starts, which would hold the whole web host (and <c>/health</c>) hostage until a silo answers; here the
/// client lives in a host of its own that this service starts, so the gateway serves HTTP at once and
/// answers 503 until the cluster is reachable.
/// </summary>
public sealed partial class ClusterConnection : BackgroundService
{
    private readonly IHost _clientHost;

    private readonly ILogger<ClusterConnection> _logger;

    public ClusterConnection(IConfiguration configuration, ILoggerFactory loggerFactory, NpgsqlDataSource dataSource)
    {
        _logger = loggerFactory.CreateLogger<ClusterConnection>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(loggerFactory);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterIdentity.DefaultClusterId;
                o.ServiceId = ClusterIdentity.DefaultServiceId;
                configuration.GetSection(ClusterIdentity.ConfigurationSection).Bind(o);
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.DataSource = dataSource;
            });
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            client.UseConnectionRetryFilter<RetryForeverConnectionFilter>();
        });
        _clientHost = builder.Build();
        Client = _clientHost.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _clientHost.StartAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Keep serving: /health says 503 and requests get 503, instead of the whole gateway stopping.
            LogClientFailed(ex);
        }
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "The Orleans client failed to start; the gateway stays up and answers 503")]
    private partial void LogClientFailed(Exception exception);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _clientHost.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _clientHost.Dispose();
        base.Dispose();
    }
}
