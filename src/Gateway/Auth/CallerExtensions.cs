using JointPunishment.Gateway.OpenApi;

namespace JointPunishment.Gateway.Auth;

public static class CallerExtensions
{
    /// <summary>
    /// Requires a bearer key of one of <paramref name="roles"/> (see <see cref="RequireRoleFilter"/>). The filter is also the
    /// endpoint's metadata, from which the OpenAPI document declares the bearer requirement, with the problems it answers:
    /// 401 (no known key), 403 (another role's key), 429 (too many refused keys from the address, or an agency over its rate).
    /// </summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder, params CallerRole[] roles)
        where TBuilder : IEndpointConventionBuilder
    {
        var filter = new RequireRoleFilter(roles);
        return builder.AddEndpointFilter(filter).WithMetadata(
            filter,
            GatewayOpenApi.Problem(StatusCodes.Status401Unauthorized),
            GatewayOpenApi.Problem(StatusCodes.Status403Forbidden),
            GatewayOpenApi.Problem(StatusCodes.Status429TooManyRequests));
    }

    public static Caller Caller(this HttpContext http) =>
        http.Items[typeof(Caller)] as Caller ?? throw new InvalidOperationException("No caller: the endpoint lacks RequireCaller.");
}
