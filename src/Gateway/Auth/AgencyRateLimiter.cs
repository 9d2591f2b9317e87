using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace JointPunishment.Gateway.Auth;

/// <summary>
/// One token bucket per authenticated agency (System.Threading.RateLimiting), applied after the key is verified:
/// partitioning by the unverified code in a header would let anyone spend another agency's budget. A request costs a
/// token, and a batch one more per subject after the first: a batch of 10,000 is 10,000 checks' work.
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

    /// <summary>Whether the agency may make one more request now, or check <paramref name="permits"/> more subjects.</summary>
    public bool TryAcquire(string agencyCode, int permits = 1)
    {
        if (permits <= 0)
        {
            return true;
        }

        // More than the bucket holds can never be granted (and the limiter would throw): such a batch is split.
        if (options.Value.RequestsPerSecond > 0 && permits > options.Value.RequestsPerSecond)
        {
            return false;
        }

        using var lease = _limiter.AttemptAcquire(agencyCode, permits);
        return lease.IsAcquired;
    }

    /// <summary>The 429 problem for an agency over its limit.</summary>
    public static ProblemHttpResult Refusal(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: "This agency's request limit on this gateway is reached (a batch counts each subject); retry after a second, or send a smaller batch.");
    }

    public void Dispose() => _limiter.Dispose();
}
