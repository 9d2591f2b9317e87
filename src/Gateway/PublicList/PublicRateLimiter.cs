using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace JointPunishment.Gateway.PublicList;

/// <summary>
/// A fixed window per policy and client address (System.Threading.RateLimiting), with the limits of the policy's
/// <see cref="PublicQueryOptions"/>. Owned by the application's services: disposing them stops its timer.
/// </summary>
public sealed class PublicRateLimiter(IOptionsMonitor<PublicQueryOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<(string Policy, string Client)> _limiter = PartitionedRateLimiter.Create<(string Policy, string Client), (string, string)>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ =>
        {
            var limits = options.Get(key.Policy);
            return new FixedWindowRateLimiterOptions { PermitLimit = limits.PermitLimit, Window = limits.Window, QueueLimit = 0, AutoReplenishment = true };
        }));

    /// <summary>Spends one of <paramref name="client"/>'s permits under <paramref name="policy"/>, if any is left.</summary>
    public RateLimitLease AttemptAcquire(string policy, string client) => _limiter.AttemptAcquire((policy, client));

    public void Dispose() => _limiter.Dispose();
}
