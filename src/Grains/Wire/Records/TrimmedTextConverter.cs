using System.Text.Json;
using System.Text.Json.Serialization;

namespace JointPunishment.Grains.Wire.Records;

/// <summary>
/// Reads request text trimmed, blank as absent (so a required field of spaces is missing, as an empty one is), and refuses
/// a JSON escape that spells a lone surrogate (<c>\ud800</c>), which is not text. Writes text as it is.
/// </summary>
public sealed class TrimmedTextConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new FieldJsonException("must be a string");
        }

        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new FieldJsonException("must be valid Unicode text");
        }

        var trimmed = text.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>A field's value that cannot be bound, in the wire's words; the serializer adds the field's path.</summary>
public sealed class FieldJsonException(string message) : JsonException(message);
