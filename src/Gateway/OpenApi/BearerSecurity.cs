using JointPunishment.Gateway.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace JointPunishment.Gateway.OpenApi;

/// <summary>
/// Declares <c>Authorization: Bearer &lt;key&gt;</c> as the document's security scheme, and requires it on every route
/// that requires a caller (<see cref="CallerExtensions.RequireCaller{TBuilder}"/>), naming the roles whose keys it takes;
/// public routes stay anonymous. With it, Scalar's <c>/docs</c> can send a key.
/// </summary>
public sealed class BearerSecurity : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        AddScheme(document);
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<CallerRoles>().LastOrDefault() is not { } callerRoles || context.Document is not { } document)
        {
            return Task.CompletedTask;
        }

        // OpenAPI 3.1: for a scheme other than OAuth 2 / OpenID Connect the list names the roles required.
        var roles = callerRoles.Roles.Select(WireNames.Of).ToList();
        AddScheme(document);
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = roles });
        var who = $"Requires the key of: {string.Join(", ", roles)}.";
        operation.Description = operation.Description is { Length: > 0 } description ? $"{description}\n\n{who}" : who;
        return Task.CompletedTask;
    }

    private static void AddScheme(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The API key the operator issued to the agency, court or consumer (the operator's own key for operator routes), "
                + "sent as 'Authorization: Bearer <key>'. A missing or unknown key is 401; a key of another role is 403.",
        };
    }
}
