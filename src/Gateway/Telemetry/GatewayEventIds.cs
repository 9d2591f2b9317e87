namespace JointPunishment.Gateway.Telemetry;

/// <summary>
/// Every log event id the gateway writes, in one table (as Npgsql's <c>NpgsqlEventId</c>): 2000s. Ranges of the other
/// projects: 1000s and 4100s storage (<c>StorageEventIds</c>), 3000s and 4200s grains (<c>GrainsEventIds</c>), 5000s silo.
/// </summary>
public static class GatewayEventIds
{
    // The cluster connection.
    public const int ClusterUnreachable = 2001;
    public const int ClientStartFailed = 2002;
    public const int CallRejectedRetrying = 2003;
    public const int ClusterUnavailableAnswered = 2004;
    public const int ClientStopRaced = 2005;

    // Keys.
    public const int KeyEventsSubscribeFailed = 2101;

    // The delisting feed's webhooks.
    public const int WebhookDeliveryFailed = 2201;
    public const int WebhookDispatchFailed = 2202;

    // Agencies' webhooks (assistance requests, alerts).
    public const int AgencyWebhookDeliveryFailed = 2211;
    public const int AgencyWebhookDispatchFailed = 2212;
}
