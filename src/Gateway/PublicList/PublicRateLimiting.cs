using JointPunishment.Gateway.Net;

namespace JointPunishment.Gateway.PublicList;

/// <summary>
/// The rate limit of the public endpoints: a fixed window per client IP, one for the query and the delisting feed
/// (<see cref="Policy"/>, section <c>PublicQuery</c>) and a much smaller one for filing complaints
/// (<see cref="ComplaintPolicy"/>, section <c>PublicComplaints</c>), which write; a refusal is a 429 problem with Retry-After.
/// An endpoint takes part with <see cref="RequirePublicRateLimit{TBuilder}"/>; the check runs in
/// <see cref="UsePublicRateLimiting"/>, before the request is bound.
/// </summary>
/// <remarks>
/// Not ASP.NET Core's <c>UseRateLimiter</c>: its middleware creates a partitioned limiter whose timer nobody ever
/// stops, so every application that used it stays reachable after it is disposed (dotnet/aspnetcore#66434).
/// Here the limiter is a singleton of the application's services and is disposed with them.
/// </remarks>
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
        services.AddSingleton<PublicRateLimiter>();
        return services;
    }

    /// <summary>Limits the endpoints of <paramref name="builder"/> per client under <paramref name="policy"/>: past it, a 429 problem.</summary>
    public static TBuilder RequirePublicRateLimit<TBuilder>(this TBuilder builder, string policy) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PublicRateLimitPolicy(policy), OpenApi.GatewayOpenApi.Problem(StatusCodes.Status429TooManyRequests));

    /// <summary>Refuses a request to a limited endpoint once its client has spent the window's permits.</summary>
    public static IApplicationBuilder UsePublicRateLimiting(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var policy = http.GetEndpoint()?.Metadata.GetMetadata<PublicRateLimitPolicy>();
        if (policy is null)
        {
            await next(http);
            return;
        }

        using var lease = http.RequestServices.GetRequiredService<PublicRateLimiter>().AttemptAcquire(policy.Name, ClientAddress.PartitionOf(http));
        if (lease.IsAcquired)
        {
            await next(http);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter))
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
    });

    /// <summary>Endpoint metadata: the policy an endpoint is limited under.</summary>
    private sealed record PublicRateLimitPolicy(string Name);
}
