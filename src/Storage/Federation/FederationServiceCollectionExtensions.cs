using JointPunishment.Grains.Federation;
using JointPunishment.Storage.Encryption;
using Microsoft.Extensions.DependencyInjection;

namespace JointPunishment.Storage.Federation;

public static class FederationServiceCollectionExtensions
{
    /// <summary>
    /// The federation feed's log (<c>jp_federation_event</c>): gateways append court events and serve it, silos append what
    /// they follow. Reporting back: the follower's outbox (<c>jp_upstream_report</c>) and what followers report here
    /// (<c>jp_node_report</c>).
    /// </summary>
    public static IServiceCollection AddFederationFeed(this IServiceCollection services)
    {
        services.AddKeyedSingleton(SecretProtector.FederationEventPurpose, (sp, _) => new SecretProtector(sp.GetRequiredService<StorageKeyRing>(), SecretProtector.FederationEventPurpose));
        services.AddSingleton<FederationLog>();
        services.AddSingleton<IFollowedEventLog, PostgresFollowedEventLog>();
        services.AddSingleton<UpstreamReportOutbox>();
        services.AddSingleton<IUpstreamReportOutbox>(sp => sp.GetRequiredService<UpstreamReportOutbox>());
        services.AddSingleton<NodeReportStore>();
        return services;
    }
}
