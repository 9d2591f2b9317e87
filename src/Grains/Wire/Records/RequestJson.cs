using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace JointPunishment.Grains.Wire.Records;

/// <summary>
/// Binds request records: System.Text.Json with strict options (unknown members refused, depth bounded, text trimmed,
/// lone surrogates refused), then the records' DataAnnotations rules (<see cref="RecordRules"/>), every field at once.
/// Errors are keyed by JSON path (<c>events[3].subject.idNumber</c>), as the wire names fields.
/// </summary>
public static class RequestJson
{
    public const int MaxDepth = 32;

    /// <summary>
    /// The options request records are read with. <c>required</c> members stay required in the OpenAPI document but are
    /// not enforced here: the <see cref="RequiredAttribute"/> beside each reports every missing field at once, where the
    /// serializer would stop at the first.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = MaxDepth,
        Converters = { new TrimmedTextConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                static type =>
                {
                    foreach (var property in type.Properties)
                    {
                        property.IsRequired = false;
                    }
                },
            },
        },
    };

    /// <summary>
    /// The record, or null with the one field that kept it from being read (the gateway tells a body that is not even JSON
    /// apart afterwards); otherwise every broken rule (<see cref="RecordRules"/>).
    /// </summary>
    public static (TBody? Body, ValidationErrors Errors) Bind<TBody>(ReadOnlySpan<byte> json)
        where TBody : class
    {
        var errors = new ValidationErrors();
        TBody? body;
        try
        {
            body = JsonSerializer.Deserialize<TBody>(json, Options);
        }
        catch (JsonException ex)
        {
            var (path, message) = JsonErrorDescription.Describe(ex, typeof(TBody), Options);
            errors.Add(path, message);
            return (null, errors);
        }

        if (body is null)
        {
            errors.Add("", "must be an object");
            return (null, errors);
        }

        RecordRules.Validate(body, errors);
        return (body, errors);
    }
}
