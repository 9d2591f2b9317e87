namespace JointPunishment.Gateway.Auth;

/// <summary>For endpoints that are not route handlers (the Prometheus exporter's): 401 problem unless the operator key is sent.</summary>
public static class OperatorOnlyMiddleware
{
    public static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        if (http.RequestServices.GetRequiredService<CallerAuthenticator>().IsOperatorKey(key))
        {
            await next(http);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized", Detail = "Send the operator key as 'Authorization: Bearer <key>'." },
        });
    }
}
