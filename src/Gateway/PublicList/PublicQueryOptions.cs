using System.ComponentModel.DataAnnotations;

namespace JointPunishment.Gateway.PublicList;

/// <summary>
/// Per-client limits of the free public endpoints, one set per <see cref="PublicRateLimiting"/> policy: the query and
/// the feed (section <c>PublicQuery</c>, e.g. <c>PublicQuery__PermitLimit</c>: enough for a person or a republisher's
/// poller, too little to scrape the list wholesale) and complaint filing (section <c>PublicComplaints</c>).
/// </summary>
public sealed class PublicQueryOptions
{
    public const string Section = "PublicQuery";

    /// <summary>Requests one client address may make per window.</summary>
    [Range(1, int.MaxValue)]
    public int PermitLimit { get; set; } = 60;

    /// <summary>Length of the window.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
