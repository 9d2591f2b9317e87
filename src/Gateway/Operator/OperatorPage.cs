namespace JointPunishment.Gateway.Operator;

/// <summary>
/// <c>GET /operator</c>: a small static page (HTML, CSS and plain JavaScript; SVG and CSS bars, no framework) that
/// asks for the operator key and shows <c>/v1/stats</c> and <c>/v1/court/overdue</c>. The key stays in the browser's
/// session storage and is sent as a bearer header; the page itself is public and holds no data.
/// </summary>
public static class OperatorPage
{
    private static readonly Lazy<string> Html = new(() =>
    {
        using var stream = typeof(OperatorPage).Assembly.GetManifestResourceStream("Operator.operator.html")
            ?? throw new InvalidOperationException("The operator page is not embedded in the gateway.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IEndpointRouteBuilder MapOperatorPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/operator", (HttpContext http) =>
        {
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'";
            return TypedResults.Content(Html.Value, "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }
}
