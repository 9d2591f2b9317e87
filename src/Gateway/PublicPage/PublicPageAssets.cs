using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace JointPunishment.Gateway.PublicPage;

/// <summary>
/// The public query page (<c>GET /</c>): static files embedded in the gateway assembly, so it is served
/// without a file system, a CDN or any download at run time. Each is answered from memory with a strong ETag.
/// The operator console (<c>/operator</c>) is served the same way and shares <c>/public/problems.js</c>.
/// </summary>
public static class PublicPageAssets
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/public/app.js", "app.js", "text/javascript; charset=utf-8"),
        ("/public/app.css", "app.css", "text/css; charset=utf-8"),
        ("/public/red-list.js", "red-list.js", "text/javascript; charset=utf-8"),
        ("/public/problems.js", "problems.js", "text/javascript; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapPublicPage(this IEndpointRouteBuilder app) => app.MapEmbeddedFiles("PublicPage.", Files);

    /// <summary>Serves each embedded resource <c>{resourcePrefix}{Resource}</c> at its path, from memory, with a strong ETag.</summary>
    public static IEndpointRouteBuilder MapEmbeddedFiles(this IEndpointRouteBuilder app, string resourcePrefix, IEnumerable<(string Path, string Resource, string ContentType)> files)
    {
        foreach (var (path, resource, contentType) in files)
        {
            var content = Load(resourcePrefix + resource);
            var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
            app.MapGet(path, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "no-cache";
                http.Response.Headers.XContentTypeOptions = "nosniff";
                // Scripts and styles only from the page's own files, requests only to this gateway, never framed.
                http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
                return TypedResults.Bytes(content, contentType, entityTag: etag);
            }).ExcludeFromDescription();
        }

        return app;
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(PublicPageAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The page asset {name} is not embedded in the gateway.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
