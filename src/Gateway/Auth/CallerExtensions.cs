using JointPunishment.Gateway.OpenApi;
using Microsoft.AspNetCore.Authorization;

namespace JointPunishment.Gateway.Auth;

public static class CallerExtensions
{
    /// <summary>
    /// Requires a bearer key of one of <paramref name="roles"/>: an authorization policy of the API-key scheme
    /// (<see cref="ApiKeyAuthenticationHandler"/>) requiring one of their role claims. The roles are also endpoint
    /// metadata (<see cref="CallerRoles"/>), from which the 403 names them and the OpenAPI document declares the bearer
    /// requirement, with the problems it answers: 401 (no known key), 403 (another role's key), 429 (too many refused
    /// keys from the address, or an agency over its rate). An endpoint agencies call spends a token of the agency's
    /// rate (<see cref="AgencyRateLimiter"/>) once the key is verified.
    /// </summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder, params CallerRole[] roles)
        where TBuilder : IEndpointConventionBuilder
    {
        var policy = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
            .RequireRole(roles.Select(r => Grains.Wire.WireNames.Of(r)))
            .Build();
        builder.RequireAuthorization(policy).WithMetadata(
            new CallerRoles(roles),
            GatewayOpenApi.Problem(StatusCodes.Status401Unauthorized),
            GatewayOpenApi.Problem(StatusCodes.Status403Forbidden),
            GatewayOpenApi.Problem(StatusCodes.Status429TooManyRequests));
        return roles.Contains(CallerRole.Agency) ? builder.AddEndpointFilter(AgencyRateLimitFilter.Instance) : builder;
    }

    /// <summary>The verified caller of a request that passed <see cref="RequireCaller{TBuilder}"/>.</summary>
    public static Caller Caller(this HttpContext http) =>
        (http.User.Identity as CallerIdentity)?.Caller ?? throw new InvalidOperationException("No caller: the endpoint lacks RequireCaller.");

    /// <summary>An agency's request spends a token of its rate; past it, a 429 problem (<see cref="AgencyRateLimiter.Refusal"/>).</summary>
    private sealed class AgencyRateLimitFilter : IEndpointFilter
    {
        public static readonly AgencyRateLimitFilter Instance = new();

        public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            var caller = http.Caller();
            return caller.Role != CallerRole.Agency || http.RequestServices.GetRequiredService<AgencyRateLimiter>().TryAcquire(caller.Code)
                ? next(context)
                : ValueTask.FromResult<object?>(AgencyRateLimiter.Refusal(http));
        }
    }
}
