using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace JointPunishment.Gateway.OpenApi;

/// <summary>
/// A property restricted by <see cref="AllowedValuesAttribute"/> (a wire choice such as <c>idType</c>) gets its values as the
/// schema's <c>enum</c>, which Microsoft.AspNetCore.OpenApi does not map by itself.
/// </summary>
public sealed class AllowedValuesSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var allowed = context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), inherit: true)
            .OfType<AllowedValuesAttribute>().LastOrDefault();
        if (allowed is not null)
        {
            var target = schema.Type?.HasFlag(JsonSchemaType.Array) == true && schema.Items is OpenApiSchema items ? items : schema;
            target.Enum = [.. allowed.Values.OfType<object>().Select(v => (JsonNode)JsonValue.Create(v.ToString() ?? "")!)];
        }

        return Task.CompletedTask;
    }
}
