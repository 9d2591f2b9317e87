using JointPunishment.Gateway.Wire;

namespace JointPunishment.Gateway.Auth;

/// <summary>401 without a known key, 403 for a known key of another role; otherwise puts the <see cref="Caller"/> in <c>HttpContext.Items</c>.</summary>
public sealed class RequireRoleFilter(params CallerRole[] roles) : IEndpointFilter
{
    /// <summary>The roles whose keys the endpoint takes (the OpenAPI document names them, <see cref="OpenApi.BearerSecurity"/>).</summary>
    public IReadOnlyList<CallerRole> Roles => roles;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var failures = http.RequestServices.GetRequiredService<FailedAuthenticationLimiter>();
        if (failures.IsExhausted(http, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                detail: "Too many refused keys from this address; retry after the time in Retry-After.");
        }

        var caller = await http.RequestServices.GetRequiredService<CallerAuthenticator>().AuthenticateAsync(http);
        if (caller is null)
        {
            if (http.Request.Headers.Authorization.Count > 0)
            {
                failures.CountFailure(http);
            }

            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "Send a valid key as 'Authorization: Bearer <key>'.");
        }

        if (!roles.Contains(caller.Role))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: $"This endpoint is for: {string.Join(", ", roles.Select(WireNames.Of))}.");
        }

        if (caller.Role == CallerRole.Agency && !http.RequestServices.GetRequiredService<AgencyRateLimiter>().TryAcquire(caller.Code))
        {
            return AgencyRateLimiter.Refusal(http);
        }

        http.Items[typeof(Caller)] = caller;
        return await next(context);
    }
}
