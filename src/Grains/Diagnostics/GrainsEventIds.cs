namespace JointPunishment.Grains.Diagnostics;

/// <summary>Every log event id the grains write, in one table (as Npgsql's <c>NpgsqlEventId</c>): 3000s subjects, 3100s following the upstream, 3200s principals' keys, 4200s the index.</summary>
public static class GrainsEventIds
{
    // Subject grains.
    public const int OfficerUpdateNotDelivered = 3001;
    public const int ProjectionFailedOnActivation = 3002;

    // Following the upstream node's federation feed.
    public const int UpstreamPollFailed = 3101;
    public const int UpstreamEventUnreadable = 3102;
    public const int UpstreamEventRejected = 3103;
    public const int UpstreamReportFailed = 3104;
    public const int UpstreamReportRefused = 3105;

    // Principals' keys: telling the gateways of a change.
    public const int KeyEventsGatewayDropped = 3201;

    // The named-subject index: shards, copies, warm-up.
    public const int IndexFollowFailed = 4201;
    public const int IndexShardSuperseded = 4202;
    public const int IndexLeaseNotRenewed = 4203;
    public const int IndexWarmUpFailed = 4204;
}
