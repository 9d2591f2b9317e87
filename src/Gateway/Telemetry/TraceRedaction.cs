using System.Diagnostics;

namespace JointPunishment.Gateway.Telemetry;

/// <summary>
/// Keeps identity numbers out of traces: <c>GET /v1/court/subjects/{idType}/{idNumber}</c> carries one in its path,
/// which ASP.NET Core's instrumentation would export as <c>url.path</c> to any collector. Its span shows the route
/// template instead, from the start (so even a request that fails before routing shows no number). Query strings are
/// redacted by the instrumentation itself.
/// </summary>
public static class TraceRedaction
{
    public const string SubjectRoute = "/v1/court/subjects/{idType}/{idNumber}";

    /// <summary><c>GET</c> and <c>DELETE</c> of a red-list entry carry the number the same way.</summary>
    public const string RedListRoute = "/v1/red-list/{idType}/{idNumber}";

    /// <summary>For <c>AspNetCoreTraceInstrumentationOptions.EnrichWithHttpRequest</c>.</summary>
    public static void Enrich(Activity activity, HttpRequest request)
    {
        var route = request.Path.StartsWithSegments("/v1/court/subjects", StringComparison.OrdinalIgnoreCase) ? SubjectRoute
            : request.Path.StartsWithSegments("/v1/red-list", StringComparison.OrdinalIgnoreCase) ? RedListRoute
            : null;
        if (route is not null)
        {
            activity.SetTag("url.path", route);
            activity.DisplayName = $"{request.Method} {route}";
        }
    }
}
