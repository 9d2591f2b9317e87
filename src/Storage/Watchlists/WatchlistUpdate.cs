namespace JointPunishment.Storage.Watchlists;

/// <summary>What <see cref="WatchlistStore.UpdateAsync"/> did.</summary>
/// <param name="Added">Members added or replaced.</param>
/// <param name="Removed">Members removed.</param>
/// <param name="OtherMeasure">When the watchlist exists with another measure: that measure, and nothing was changed.</param>
public sealed record WatchlistUpdate(int Added, int Removed, string? OtherMeasure = null);
