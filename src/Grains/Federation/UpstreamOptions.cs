namespace JointPunishment.Grains.Federation;

/// <summary>
/// The upstream node this one follows (CONTRACT.md "Following the national list"): <c>JP_UPSTREAM_URL</c> (its gateway)
/// and <c>JP_UPSTREAM_KEY</c> (a <c>node</c> consumer key it issued), from the silos' configuration. Its courts appear
/// here as <c>{Node}/{court}</c> (<c>JP_UPSTREAM_NODE</c>, default <c>upstream</c>), codes no local court can have (a
/// registered code has no <c>/</c>), so an upstream case is read-only locally.
/// </summary>
public sealed class UpstreamOptions
{
    /// <summary>The section of the tunables below (the three settings above are read on their own).</summary>
    public const string Section = "Upstream";

    public const string UrlSetting = "JP_UPSTREAM_URL";
    public const string KeySetting = "JP_UPSTREAM_KEY";
    public const string NodeSetting = "JP_UPSTREAM_NODE";

    /// <summary>From <see cref="UrlSetting"/> (set after the section is bound).</summary>
    public Uri? Url { get; set; }

    /// <summary>From <see cref="KeySetting"/> (set after the section is bound).</summary>
    public string? Key { get; set; }

    public string Node { get; set; } = "upstream";

    /// <summary>How often the follower asks for new events once it has caught up.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Events asked for per request: the most the feed serves, 1000, by default, so an initial sync pays each page's
    /// fixed costs (the index's shard calls, the round trips, the commit and the cursor's write) half as often as at 500.
    /// </summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>First wait after a failure, doubled with each further failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether the follower writes the first state of subjects new to this node itself, a page at a time
    /// (<see cref="Subjects.Bulk.SubjectBulkApply"/>), rather than through each subject's grain; on by default.
    /// </summary>
    public bool BulkSync { get; set; } = true;

    public bool IsConfigured => Url is not null;

    /// <summary>Whether subject rows may be written by the follower's bulk path on this node.</summary>
    public bool WritesSubjectsInBulk => IsConfigured && BulkSync;

    /// <summary>This node's code for the upstream's court <paramref name="court"/>.</summary>
    public string LocalCourt(string court) => $"{Node}/{court}";
}
