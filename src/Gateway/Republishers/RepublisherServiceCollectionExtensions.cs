using JointPunishment.Gateway.Webhooks;
using JointPunishment.Storage.Encryption;
using JointPunishment.Storage.Settings;
using Microsoft.Extensions.Options;

namespace JointPunishment.Gateway.Republishers;

public static class RepublisherServiceCollectionExtensions
{
    /// <summary>Subscriptions and the webhook delivery of the delisting feed.</summary>
    public static IServiceCollection AddRepublisherWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddStorageKey(configuration);
        services.AddKeyedSingleton(RepublisherStore.SecretPurpose, (sp, _) => new SecretProtector(sp.GetRequiredService<StorageKeyRing>(), RepublisherStore.SecretPurpose));
        services.AddSingleton<RepublisherStore>();
        services.AddWebhookHttpClient(DelistingWebhookDispatcher.HttpClientName, Options.DefaultName);
        services.AddHostedService<DelistingWebhookDispatcher>();
        return services;
    }
}
