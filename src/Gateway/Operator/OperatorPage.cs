using JointPunishment.Gateway.PublicPage;

namespace JointPunishment.Gateway.Operator;

/// <summary>
/// <c>GET /operator</c>: the operator console, in Chinese — static files (HTML, CSS and plain JavaScript, no framework)
/// served like the public page, sharing its translation of problem details (<c>/public/problems.js</c>). It asks for the
/// operator key once per browser session (session storage) and sends it as a bearer header; the page itself is public
/// and holds no data: everything it shows comes from the operator endpoints.
/// </summary>
public static class OperatorPage
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/operator", "index.html", "text/html; charset=utf-8"),
        ("/operator/console.js", "console.js", "text/javascript; charset=utf-8"),
        ("/operator/console.css", "console.css", "text/css; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapOperatorPage(this IEndpointRouteBuilder app) => app.MapEmbeddedFiles("Operator.", Files);
}
