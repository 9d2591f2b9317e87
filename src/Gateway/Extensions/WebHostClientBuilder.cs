namespace JointPunishment.Gateway.Extensions;

/// <summary>
/// Registers Orleans client add-ons in the web host's own services. The Orleans client itself lives in a host of
/// its own (<see cref="ClusterConnection"/>), but the dashboard's endpoints resolve their services from the web
/// host, where <see cref="IGrainFactory"/> is the current client.
/// </summary>
public sealed class WebHostClientBuilder(IServiceCollection services, IConfiguration configuration) : IClientBuilder
{
    public IServiceCollection Services { get; } = services;

    public IConfiguration Configuration { get; } = configuration;
}
