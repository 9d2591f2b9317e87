namespace JointPunishment.Grains.Federation;

/// <summary>The follower's durable position: the upstream it follows, the feed cursor applied up to, and counts.</summary>
[GenerateSerializer, Alias("jp.UpstreamFollowerState.v1")]
public sealed class UpstreamFollowerState
{
    /// <summary>The upstream the cursor belongs to; following another one starts from its beginning.</summary>
    [Id(0)] public string? Url { get; set; }

    [Id(1)] public long Cursor { get; set; }

    /// <summary>Events applied here (answered applied or, after a crash before the cursor was stored, duplicate).</summary>
    [Id(2)] public long Applied { get; set; }

    /// <summary>Events this node's lifecycle refused or that could not be read; they are logged and passed over.</summary>
    [Id(3)] public long Rejected { get; set; }

    /// <summary>Reports (hits on upstream cases and their feedback) the upstream acknowledged.</summary>
    [Id(4)] public long ReportsSent { get; set; }

    /// <summary>Reports the upstream refused as invalid; kept in the outbox, marked, and passed over.</summary>
    [Id(5)] public long ReportsRefused { get; set; }
}
