using System.Text;
using Microsoft.AspNetCore.Authentication;

namespace JointPunishment.Gateway.Auth;

/// <summary>
/// The Orleans dashboard is the operator's: it shows every grain's state. A script sends
/// <c>Authorization: Bearer &lt;operator key&gt;</c> as for the other operator endpoints; a browser, which cannot
/// add that header, is asked for HTTP Basic credentials whose password is the operator key (any user name).
/// </summary>
public sealed class DashboardAccessFilter : IEndpointFilter
{
    private const string Challenge = "Basic realm=\"JointPunishment dashboard\", charset=\"UTF-8\"";
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // The API-key scheme answers as on any operator endpoint: 401, 403 naming the operator, or 429.
            var result = await http.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
            if (result.Principal?.Identity is CallerIdentity { Caller.Role: CallerRole.Operator })
            {
                return await next(context);
            }

            await (result.Succeeded ? http.ForbidAsync(ApiKeyAuthenticationHandler.SchemeName) : http.ChallengeAsync(ApiKeyAuthenticationHandler.SchemeName));
            return Results.Empty;
        }

        if (BasicPassword(header) is { } password && http.RequestServices.GetRequiredService<CallerAuthenticator>().IsOperatorKey(password))
        {
            return await next(context);
        }

        http.Response.Headers.WWWAuthenticate = Challenge;
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: "The dashboard needs the operator key: 'Authorization: Bearer <key>', or HTTP Basic with the key as password.");
    }

    private static string? BasicPassword(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || header.Length > 1024)
        {
            return null;
        }

        try
        {
            var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : credentials[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
