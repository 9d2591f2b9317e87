using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace JointPunishment.Gateway.Auth;

/// <summary>
/// One token bucket per authenticated agency (System.Threading.RateLimiting), applied after the key is verified:
/// partitioning by the unverified code in a header would let anyone spend another agency's budget.
/// </summary>
public sealed class AgencyRateLimiter(IOptions<AgencyRateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(code =>
        options.Value.RequestsPerSecond <= 0
            ? RateLimitPartition.GetNoLimiter(code)
            : RateLimitPartition.GetTokenBucketLimiter(code, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.Value.RequestsPerSecond,
                TokensPerPeriod = options.Value.RequestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    /// <summary>Whether the agency may make one more request now.</summary>
    public bool TryAcquire(string agencyCode)
    {
        using var lease = _limiter.AttemptAcquire(agencyCode);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
