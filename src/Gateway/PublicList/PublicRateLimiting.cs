using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace JointPunishment.Gateway.PublicList;

/// <summary>ASP.NET Core's rate limiter for the public endpoints: a fixed window per client IP; a refusal is a 429 problem with Retry-After.</summary>
public static class PublicRateLimiting
{
    public const string Policy = "public";

    public static IServiceCollection AddPublicRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<PublicQueryOptions>().BindConfiguration(PublicQueryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, http =>
            {
                var options = http.RequestServices.GetRequiredService<IOptions<PublicQueryOptions>>().Value;
                // Behind a reverse proxy, configure ForwardedHeaders so that this is the client's address, not the proxy's.
                var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit,
                    Window = options.Window,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = "The free public query is limited per client; retry after the time in Retry-After.",
                    },
                });
            };
        });
        return services;
    }
}
