using System.Threading.RateLimiting;
using JointPunishment.Gateway.Net;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace JointPunishment.Gateway.PublicList;

/// <summary>
/// ASP.NET Core's rate limiter for the public endpoints: a fixed window per client IP, one for the query and the
/// delisting feed (<see cref="Policy"/>, section <c>PublicQuery</c>) and a much smaller one for filing complaints
/// (<see cref="ComplaintPolicy"/>, section <c>PublicComplaints</c>), which write; a refusal is a 429 problem with Retry-After.
/// </summary>
public static class PublicRateLimiting
{
    public const string Policy = "public";

    public const string ComplaintPolicy = "public-complaints";

    public const string ComplaintSection = "PublicComplaints";

    public static IServiceCollection AddPublicRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<PublicQueryOptions>(Policy).BindConfiguration(PublicQueryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // A person files a complaint or two; 10 an hour per address is generous for people and useless for a flood.
        services.AddOptions<PublicQueryOptions>(ComplaintPolicy)
            .Configure(o => (o.PermitLimit, o.Window) = (10, TimeSpan.FromHours(1)))
            .BindConfiguration(ComplaintSection).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, http => PerClient(http, Policy));
            limiter.AddPolicy(ComplaintPolicy, http => PerClient(http, ComplaintPolicy));
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
                        Detail = "The free public endpoints are limited per client; retry after the time in Retry-After.",
                    },
                });
            };
        });
        return services;
    }

    private static RateLimitPartition<string> PerClient(HttpContext http, string policy)
    {
        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<PublicQueryOptions>>().Get(policy);
        // Behind a reverse proxy this is the forwarded client address (ForwardedHeaders:KnownProxies); an IPv6 client is its /64.
        var client = ClientAddress.PartitionOf(http);
        return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.PermitLimit,
            Window = options.Window,
            QueueLimit = 0,
        });
    }
}
