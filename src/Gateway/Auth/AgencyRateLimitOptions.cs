namespace JointPunishment.Gateway.Auth;

/// <summary>Per-agency request limits of one gateway (<c>RateLimits:Agency</c>): a token bucket per agency code.</summary>
public sealed class AgencyRateLimitOptions
{
    public const string Section = "RateLimits:Agency";

    /// <summary>Requests an agency may make per second on this gateway, sustained; also the burst. 0 turns the limit off.</summary>
    public int RequestsPerSecond { get; set; } = 50_000;
}
