using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Federation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JointPunishment.Grains.Federation;

/// <summary>Wires following an upstream node into a silo: the settings, the HTTP client, and the start on every silo.</summary>
public static class UpstreamFollowing
{
    public static ISiloBuilder AddUpstreamFollowing(this ISiloBuilder silo)
    {
        var configuration = silo.Configuration;
        silo.Services.AddOptions<UpstreamOptions>()
            .Bind(configuration.GetSection(UpstreamOptions.Section))
            .Configure(o =>
            {
                o.Url = Uri.TryCreate(configuration[UpstreamOptions.UrlSetting], UriKind.Absolute, out var url) ? WithTrailingSlash(url) : null;
                o.Key = configuration[UpstreamOptions.KeySetting];
                o.Node = configuration[UpstreamOptions.NodeSetting] is { Length: > 0 } node ? node : o.Node;
            })
            .Validate(
                o => string.IsNullOrEmpty(configuration[UpstreamOptions.UrlSetting]) || o.Url is { Scheme: "http" or "https" },
                $"{UpstreamOptions.UrlSetting} must be an absolute http(s) URL of the upstream node's gateway")
            .Validate(o => o.Url is null || !string.IsNullOrEmpty(o.Key), $"{UpstreamOptions.KeySetting} (a node key the upstream issued) is required with {UpstreamOptions.UrlSetting}")
            .Validate(o => !o.Node.Contains('/', StringComparison.Ordinal) && o.Node.Length <= 32, $"{UpstreamOptions.NodeSetting} must be at most 32 characters without '/'")
            .Validate(o => o.BatchSize is >= 1 and <= 1000 && o.PollInterval > TimeSpan.Zero && o.RetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.RetryDelay,
                $"{UpstreamOptions.Section}: BatchSize 1 to 1000, positive PollInterval and RetryDelay, MaxRetryDelay not below RetryDelay")
            .ValidateOnStart();
        silo.Services.AddHttpClient(UpstreamFeedPage.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        // Every silo asks on start; the grain exists once, so one follower runs whichever silo hosts it.
        silo.AddStartupTask(async (services, _) =>
        {
            if (services.GetRequiredService<IOptions<UpstreamOptions>>().Value.IsConfigured)
            {
                await services.GetRequiredService<IGrainFactory>().GetGrain<IUpstreamFollowerGrain>(GrainKeys.UpstreamFollower).EnsureRunningAsync();
            }
        });
        return silo;
    }

    private static Uri WithTrailingSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
