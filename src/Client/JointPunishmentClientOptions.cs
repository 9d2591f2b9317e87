namespace JointPunishment.Client;

/// <summary>Where the gateway is, the agency's key, and how long to wait and retry (bind from configuration or set in code).</summary>
public sealed class JointPunishmentClientOptions
{
    /// <summary>The gateway's base address, such as <c>https://jp.example.gov.cn/</c>; required, absolute.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The agency's API key (sent as <c>Authorization: Bearer</c>); required. Keep it out of source and logs.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>How long one attempt may take before it is abandoned (and retried where that is safe); default 30 s, enough for a batch of 10,000.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a call may take in all, retries and their waits included; default 90 s. Must exceed <see cref="AttemptTimeout"/>.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How many times a retried call is repeated after a transient failure (a lost connection, 408, 429, 5xx, a timed out attempt); default 3, at least 1.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first wait before a retry, doubled each time with jitter; a Retry-After from the gateway (429, 503) takes its place. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
