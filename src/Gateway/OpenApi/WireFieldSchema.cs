using System.Text.Json;
using System.Text.Json.Nodes;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Wire.Records;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace JointPunishment.Gateway.OpenApi;

/// <summary>
/// What a request record's field says of itself that Microsoft.AspNetCore.OpenApi does not map by itself: the values a
/// choice allows (DataAnnotations' <c>AllowedValues</c>, such as <c>idType</c>) as the schema's <c>enum</c>, and the format
/// of a field bound as text (<see cref="WireFormatAttribute"/>: <c>uuid</c>, <c>date</c>, <c>date-time</c>), and the two
/// forms <see cref="UnsignedIntegerOrText"/> takes (it binds any JSON value, for its handler to judge).
/// </summary>
public sealed class WireFieldSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var attributes = context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(inherit: true) ?? [];
        if (attributes.OfType<System.ComponentModel.DataAnnotations.AllowedValuesAttribute>().LastOrDefault() is { } allowed)
        {
            var target = schema.Type?.HasFlag(JsonSchemaType.Array) == true && schema.Items is OpenApiSchema items ? items : schema;
            target.Enum = [.. allowed.Values.OfType<object>().Select(v => (JsonNode)JsonValue.Create(v.ToString() ?? "")!)];
        }

        if (attributes.OfType<WireFormatAttribute>().LastOrDefault() is { } wire)
        {
            schema.Format = wire.Format;
        }

        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type == typeof(JsonElement))
        {
            // Held as sent, and in the responses that carry one always an object: an audit entry's detail, a followed court event.
            schema.Type = JsonSchemaType.Object;
        }

        if (type == typeof(UnsignedIntegerOrText))
        {
            schema.Type = null;
            schema.OneOf =
            [
                new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0", Maximum = UnsignedIntegerOrText.Maximum },
                new OpenApiSchema { Type = JsonSchemaType.String, Pattern = UnsignedIntegerOrText.TextPattern },
            ];
        }

        return Task.CompletedTask;
    }
}
