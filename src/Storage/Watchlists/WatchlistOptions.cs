namespace JointPunishment.Storage.Watchlists;

/// <summary>Settings of the silos' watchlist sweep (section <c>Watchlists</c>).</summary>
public sealed class WatchlistOptions
{
    public const string Section = "Watchlists";

    /// <summary>How often each silo looks for watched subjects whose decision changes today with no court event.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Subjects projected again per sweep step at most (a step repeats until none is due).</summary>
    public int SweepBatch { get; set; } = 500;
}
