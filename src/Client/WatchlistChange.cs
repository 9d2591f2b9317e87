namespace JointPunishment.Client;

/// <summary>What a watchlist update changed.</summary>
/// <param name="Added">Members added.</param>
/// <param name="Removed">Members removed.</param>
public sealed record WatchlistChange(int Added, int Removed);
