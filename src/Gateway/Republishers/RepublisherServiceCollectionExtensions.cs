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
        // Redirects are not followed (a 3xx is a failed delivery) and every connection is checked where it goes.
        services.AddHttpClient(DelistingWebhookDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
            return new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectCallback = (context, cancellationToken) => WebhookTargets.ConnectAsync(context, options, cancellationToken),
            };
        });
        services.AddHostedService<DelistingWebhookDispatcher>();
        return services;
    }
}
