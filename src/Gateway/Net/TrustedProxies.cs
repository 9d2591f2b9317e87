using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace JointPunishment.Gateway.Net;

/// <summary>
/// ASP.NET Core's forwarded-headers middleware, trusting only the configured proxies (<see cref="TrustedProxyOptions"/>):
/// the client address the rate limiters partition by is the forwarded one only when a trusted proxy sent it, so a
/// client cannot pick its own partition by sending <c>X-Forwarded-For</c>.
/// </summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var trusted = configuration.GetSection(TrustedProxyOptions.Section).Get<TrustedProxyOptions>() ?? new TrustedProxyOptions();
        var proxies = trusted.KnownProxies.Select(p => IPAddress.TryParse(p, out var address)
            ? address
            : throw new InvalidOperationException($"{TrustedProxyOptions.Section}:KnownProxies: '{p}' is not an IP address.")).ToList();
        var networks = trusted.KnownNetworks.Select(n => System.Net.IPNetwork.TryParse(n, out var network)
            ? network
            : throw new InvalidOperationException($"{TrustedProxyOptions.Section}:KnownNetworks: '{n}' is not a CIDR network.")).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; only what the deployment names is trusted. No limit on the chain length:
            // the middleware walks back through trusted proxies and stops at the first address that is not one.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            options.ForwardLimit = null;
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
        return services;
    }
}
