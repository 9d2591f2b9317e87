namespace JointPunishment.Grains.Federation;

/// <summary>
/// Retrying with a doubling wait: after each failure in a row the next attempt waits twice as long, from
/// <see cref="UpstreamOptions.RetryDelay"/> up to <see cref="UpstreamOptions.MaxRetryDelay"/>; a success starts over.
/// </summary>
public sealed class Backoff(UpstreamOptions upstream, TimeProvider time)
{
    private DateTimeOffset _nextAttemptAt;

    public int Failures { get; private set; }

    /// <summary>The last failure's message, until a success clears it.</summary>
    public string? LastError { get; private set; }

    public bool IsDue => time.GetUtcNow() >= _nextAttemptAt;

    public void Succeeded()
    {
        Failures = 0;
        LastError = null;
    }

    /// <summary>Records a failure; returns the wait before the next attempt.</summary>
    public TimeSpan Failed(Exception exception)
    {
        Failures++;
        LastError = exception.Message;
        var delay = TimeSpan.FromTicks(Math.Min(upstream.MaxRetryDelay.Ticks, upstream.RetryDelay.Ticks * (1L << Math.Min(Failures - 1, 30))));
        _nextAttemptAt = time.GetUtcNow() + delay;
        return delay;
    }
}
