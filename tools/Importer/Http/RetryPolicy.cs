namespace JointPunishment.Importer.Http;

/// <summary>
/// Exponential backoff: the n-th retry waits about <see cref="BaseDelay"/>·2^(n-1), capped at
/// <see cref="MaxDelay"/>, with jitter so that parallel batches that failed together do not retry in step.
/// </summary>
public sealed record RetryPolicy(int MaxTries, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static RetryPolicy Default { get; } = new(8, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));

    /// <summary>The wait before try <paramref name="nextTry"/> (2 or more); a server's Retry-After wins, within the cap.</summary>
    public TimeSpan DelayBefore(int nextTry, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            return asked < MaxDelay ? asked : MaxDelay;
        }

        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, nextTry - 2));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }
}
