using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace JointPunishment.Gateway.Auth;

/// <summary>
/// The gateway's authentication scheme: <c>Authorization: Bearer &lt;key&gt;</c>, the key an operator issued (or the
/// operator's own), verified by <see cref="CallerAuthenticator"/>. A verified key becomes a <see cref="CallerIdentity"/>
/// whose role claim the endpoints' policies require (<see cref="CallerExtensions.RequireCaller{TBuilder}"/>).
/// No key is no result; a key that is refused spends one of the client address's refusals
/// (<see cref="FailedAuthenticationLimiter"/>), and once the address has spent them its keys are not even looked at.
/// The answers are problem details: 401 (no known key), 429 with Retry-After (too many refused keys) and 403
/// (a known key of a role the endpoint does not take, naming the roles it does).
/// </summary>
/// <remarks>
/// It is no default scheme: only the endpoints whose policy names it authenticate, so a public endpoint never spends a
/// grain call or a refusal on a header it does not need.
/// </remarks>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CallerAuthenticator authenticator,
    FailedAuthenticationLimiter failures,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private TimeSpan? _retryAfter;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (failures.IsExhausted(Context, out var retryAfter))
        {
            _retryAfter = retryAfter;
            return AuthenticateResult.Fail("Too many refused keys from this address.");
        }

        if (Request.Headers.Authorization.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (await authenticator.AuthenticateAsync(Context) is not { } caller)
        {
            failures.CountFailure(Context);
            return AuthenticateResult.Fail("The key is not known.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new CallerIdentity(caller)), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_retryAfter is { } retryAfter)
        {
            Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return WriteAsync(StatusCodes.Status429TooManyRequests, "Too many requests",
                "Too many refused keys from this address; retry after the time in Retry-After.");
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteAsync(StatusCodes.Status401Unauthorized, "Unauthorized", "Send a valid key as 'Authorization: Bearer <key>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var roles = Context.GetEndpoint()?.Metadata.GetMetadata<CallerRoles>()?.Roles ?? [];
        return WriteAsync(StatusCodes.Status403Forbidden, "Forbidden", $"This endpoint is for: {string.Join(", ", roles.Select(WireNames.Of))}.");
    }

    private Task WriteAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}

/// <summary>The identity of a verified key: its <see cref="Caller"/>, with the caller's code as name and its role as role claim.</summary>
public sealed class CallerIdentity(Caller caller)
    : ClaimsIdentity([new Claim(ClaimTypes.Name, caller.Code), new Claim(ClaimTypes.Role, WireNames.Of(caller.Role))], ApiKeyAuthenticationHandler.SchemeName)
{
    public Caller Caller { get; } = caller;
}

/// <summary>Endpoint metadata: the roles whose keys an endpoint takes (its 403 names them, and so does the OpenAPI document).</summary>
public sealed record CallerRoles(IReadOnlyList<CallerRole> Roles);
