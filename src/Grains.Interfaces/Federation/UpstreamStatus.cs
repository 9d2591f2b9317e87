namespace JointPunishment.Grains.Interfaces.Federation;

/// <summary>
/// What <c>GET /v1/upstream</c> reports: the upstream's URL, the feed position applied up to, how many events were
/// applied (and refused by this node's lifecycle), how far behind the upstream the node is, and the last failure; and how reporting back to it stands.
/// </summary>
[GenerateSerializer, Immutable, Alias("jp.UpstreamStatus")]
public sealed record UpstreamStatus(
    [property: Id(0)] string Url,
    [property: Id(1)] long Cursor,
    [property: Id(2)] long Applied,
    [property: Id(3)] long Rejected,
    [property: Id(4)] double LagSeconds,
    [property: Id(5)] string? LastError,
    [property: Id(6)] DateTimeOffset? LastPolledAt)
{
    /// <summary>Reports of local agencies' hits on upstream cases, and their feedback, that the upstream acknowledged.</summary>
    [Id(7)] public long ReportsSent { get; init; }

    /// <summary>Reports the upstream refused as invalid (set aside, see the log).</summary>
    [Id(8)] public long ReportsRefused { get; init; }

    /// <summary>Reports waiting to be sent.</summary>
    [Id(9)] public long ReportsPending { get; init; }

    /// <summary>The last failure to send reports, until a send succeeds.</summary>
    [Id(10)] public string? ReportError { get; init; }
}
