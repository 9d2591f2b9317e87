using JointPunishment.Gateway.Assistance;
using JointPunishment.Gateway.Webhooks;
using JointPunishment.Storage.Assistance;
using JointPunishment.Storage.Encryption;
using JointPunishment.Storage.Settings;

namespace JointPunishment.Gateway.AgencyWebhooks;

public static class AgencyWebhookServiceCollectionExtensions
{
    /// <summary>Assistance requests, agencies' webhooks and their delivery, with assistance requests as the first message source.</summary>
    public static IServiceCollection AddAssistanceAndAgencyWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AssistanceOptions>().BindConfiguration(AssistanceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddStorageKey(configuration);
        services.AddKeyedSingleton(AssistanceStore.SubjectPurpose, (sp, _) => new SecretProtector(sp.GetRequiredService<StorageKeyRing>(), AssistanceStore.SubjectPurpose));
        services.AddSingleton<AssistanceStore>();

        services.AddOptions<WebhookOptions>(AgencyWebhookDispatcher.OptionsName).BindConfiguration(AgencyWebhookDispatcher.OptionsName).ValidateDataAnnotations().ValidateOnStart();
        services.AddKeyedSingleton(AgencyWebhookStore.SecretPurpose, (sp, _) => new SecretProtector(sp.GetRequiredService<StorageKeyRing>(), AgencyWebhookStore.SecretPurpose));
        services.AddSingleton<AgencyWebhookStore>();
        services.AddSingleton<IAgencyMessageSource, AssistanceMessageSource>();
        services.AddSingleton<IAgencyMessageSource, AlertMessageSource>();
        services.AddWebhookHttpClient(AgencyWebhookDispatcher.HttpClientName, AgencyWebhookDispatcher.OptionsName);
        services.AddHostedService<AgencyWebhookDispatcher>();
        return services;
    }
}
