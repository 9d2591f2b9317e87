using System.Threading.RateLimiting;
using JointPunishment.Gateway.Net;
using Microsoft.Extensions.Options;

namespace JointPunishment.Gateway.Auth;

/// <summary>
/// A fixed window of refused keys per client address (System.Threading.RateLimiting, partitioned by
/// <see cref="ClientAddress"/>). Only refusals spend it, so a client with a good key is never slowed; once an
/// address has spent it, its keys are not even looked at until the window ends (429 with Retry-After).
/// </summary>
public sealed class FailedAuthenticationLimiter(IOptions<FailedAuthenticationOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.PermitLimit,
            Window = options.Value.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Whether the client of <paramref name="http"/> has spent its refusals; then how long until it may try again.</summary>
    public bool IsExhausted(HttpContext http, out TimeSpan retryAfter)
    {
        // Asking for no permit tells whether any is left without spending one.
        using var lease = _limiter.AttemptAcquire(ClientAddress.PartitionOf(http), 0);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : options.Value.Window;
        return !lease.IsAcquired;
    }

    /// <summary>Spends one of the client's refusals.</summary>
    public void CountFailure(HttpContext http) => _limiter.AttemptAcquire(ClientAddress.PartitionOf(http)).Dispose();

    public void Dispose() => _limiter.Dispose();
}
