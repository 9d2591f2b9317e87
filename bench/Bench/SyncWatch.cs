namespace JointPunishment.Bench;

/// <summary>Whether the downstream's initial sync is still going, done, or stuck.</summary>
public enum SyncState
{
    Syncing,
    Done,
    Stalled,
}

/// <summary>
/// Follows the initial sync through successive <c>GET /v1/upstream</c> answers: done once <c>applied</c> reaches the
/// listings seeded upstream, stalled when it has not grown for <paramref name="patience"/>.
/// </summary>
public sealed class SyncWatch(long target, TimeSpan patience)
{
    private long _applied = -1;
    private TimeSpan _grewAt;

    /// <summary><paramref name="applied"/> as the follower reported it <paramref name="at"/> (time since the watch began).</summary>
    public SyncState Observe(long applied, TimeSpan at)
    {
        if (applied >= target)
        {
            return SyncState.Done;
        }

        if (applied > _applied)
        {
            (_applied, _grewAt) = (applied, at);
        }

        return at - _grewAt >= patience ? SyncState.Stalled : SyncState.Syncing;
    }
}
