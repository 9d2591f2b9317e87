using Microsoft.AspNetCore.Http.Metadata;

namespace JointPunishment.Gateway.OpenApi;

/// <summary>
/// Endpoint metadata: the route reads a JSON body of <see cref="RequestType"/>'s shape itself (a <c>RequestBody&lt;T&gt;</c>
/// parameter, or by hand where a route still does), so the document describes it as the required request body, as
/// <c>application/json</c> (the document's default), and the binder reads at most <see cref="MaxBytes"/>. It names no
/// content type on purpose: <c>Accepts&lt;T&gt;("application/json")</c> would also make routing refuse any other content
/// type with a 415 before the handler runs, which the gateway's binder never did; this changes the document only.
/// </summary>
public sealed class JsonBody(Type requestType, int maxBytes) : IAcceptsMetadata
{
    public Type RequestType => requestType;

    /// <summary>The largest body the route reads (413 above it).</summary>
    public int MaxBytes => maxBytes;

    public IReadOnlyList<string> ContentTypes => [];

    public bool IsOptional => false;
}
