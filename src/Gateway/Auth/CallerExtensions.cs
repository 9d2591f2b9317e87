namespace JointPunishment.Gateway.Auth;

public static class CallerExtensions
{
    /// <summary>Requires a bearer key of one of <paramref name="roles"/> (see <see cref="RequireRoleFilter"/>).</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder, params CallerRole[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new RequireRoleFilter(roles));

    public static Caller Caller(this HttpContext http) =>
        http.Items[typeof(Caller)] as Caller ?? throw new InvalidOperationException("No caller: the endpoint lacks RequireCaller.");
}
