using System.ComponentModel.DataAnnotations;

namespace JointPunishment.Gateway.Webhooks;

/// <summary>
/// Delivery of webhooks: the delisting feed to subscribed republishers (section <c>Republishers</c>, the default
/// instance) and agencies' messages (section <c>AgencyWebhooks</c>, the instance named so).
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Republishers";

    /// <summary>How often the gateway looks for republishers with entries due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First retry delay after a failed delivery; doubled with each further failure up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Entries per request.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long a republisher has to acknowledge.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Allows plain http webhook URLs (a test or a closed network); off by default (CONTRACT.md, Additions).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Allows webhooks to loopback, private and link-local addresses; off by default, so a webhook cannot reach inside.</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>How long to wait after the <paramref name="attempts"/>th failure in a row: doubling from <see cref="RetryDelay"/>, at most <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan DelayAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, RetryDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 30))));
}
