namespace JointPunishment.Grains.Interfaces.Federation;

/// <summary>
/// What <c>GET /v1/upstream</c> reports: the upstream's URL, the feed position applied up to, how many events were
/// applied (and refused by this node's lifecycle), how far behind the upstream the node is, and the last failure.
/// </summary>
[GenerateSerializer, Immutable, Alias("jp.UpstreamStatus")]
public sealed record UpstreamStatus(
    [property: Id(0)] string Url,
    [property: Id(1)] long Cursor,
    [property: Id(2)] long Applied,
    [property: Id(3)] long Rejected,
    [property: Id(4)] double LagSeconds,
    [property: Id(5)] string? LastError,
    [property: Id(6)] DateTimeOffset? LastPolledAt);
