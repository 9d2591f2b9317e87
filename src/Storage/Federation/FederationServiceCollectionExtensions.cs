using JointPunishment.Grains.Federation;
using JointPunishment.Storage.Encryption;
using Microsoft.Extensions.DependencyInjection;

namespace JointPunishment.Storage.Federation;

public static class FederationServiceCollectionExtensions
{
    /// <summary>The federation feed's log (<c>jp_federation_event</c>): gateways append court events and serve it, silos append what they follow.</summary>
    public static IServiceCollection AddFederationFeed(this IServiceCollection services)
    {
        services.AddKeyedSingleton(SecretProtector.FederationEventPurpose, (sp, _) => new SecretProtector(sp.GetRequiredService<StorageKeyRing>(), SecretProtector.FederationEventPurpose));
        services.AddSingleton<FederationLog>();
        services.AddSingleton<IFollowedEventLog, PostgresFollowedEventLog>();
        return services;
    }
}
