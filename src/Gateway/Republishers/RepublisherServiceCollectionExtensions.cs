namespace JointPunishment.Gateway.Republishers;

public static class RepublisherServiceCollectionExtensions
{
    /// <summary>Subscriptions and the webhook delivery of the delisting feed.</summary>
    public static IServiceCollection AddRepublisherWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RepublisherStore>();
        services.AddHttpClient(DelistingWebhookDispatcher.HttpClientName);
        services.AddHostedService<DelistingWebhookDispatcher>();
        return services;
    }
}
