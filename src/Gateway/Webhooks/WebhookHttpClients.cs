using Microsoft.Extensions.Options;

namespace JointPunishment.Gateway.Webhooks;

public static class WebhookHttpClients
{
    /// <summary>
    /// A named client for webhooks: redirects are not followed (a 3xx is a failed delivery), no proxy, and every
    /// connection is checked where it goes (<see cref="WebhookTargets.ConnectAsync"/>) under the <see cref="WebhookOptions"/>
    /// named <paramref name="optionsName"/>.
    /// </summary>
    public static IHttpClientBuilder AddWebhookHttpClient(this IServiceCollection services, string clientName, string optionsName) =>
        services.AddHttpClient(clientName).ConfigurePrimaryHttpMessageHandler(sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<WebhookOptions>>().Get(optionsName);
            return new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectCallback = (context, cancellationToken) => WebhookTargets.ConnectAsync(context, options, cancellationToken),
            };
        });
}
