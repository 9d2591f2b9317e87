using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JointPunishment.Gateway.Wire;

/// <summary>
/// An unsigned 64-bit integer written as a JSON number or as a decimal string (the sampling seed: JSON numbers above 2⁵³
/// lose digits in many clients). Any JSON value binds, held as sent, so that a wrong one is reported by its handler beside
/// the other fields' errors instead of stopping the binding; the OpenAPI document declares the two forms
/// (<see cref="OpenApi.WireFieldSchema"/>).
/// </summary>
[JsonConverter(typeof(Converter))]
public readonly record struct UnsignedIntegerOrText(JsonElement Sent)
{
    /// <summary>The decimal string's form: digits only, as <see cref="TryRead"/> parses it (no sign, no spaces).</summary>
    public const string TextPattern = "^[0-9]+$";

    /// <summary>The largest value, 2⁶⁴ − 1.</summary>
    public const string Maximum = "18446744073709551615";

    /// <summary>The value, when what was sent is an unsigned 64-bit integer as a number or as a decimal string.</summary>
    public bool TryRead(out ulong value)
    {
        value = 0;
        return (Sent.ValueKind == JsonValueKind.Number && Sent.TryGetUInt64(out value))
            // The raw text, not GetString: an escape spelling a lone surrogate would throw there; any escape is no decimal.
            || (Sent.ValueKind == JsonValueKind.String && ulong.TryParse(Sent.GetRawText().AsSpan()[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out value));
    }

    private sealed class Converter : JsonConverter<UnsignedIntegerOrText>
    {
        public override UnsignedIntegerOrText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonElement.ParseValue(ref reader));

        public override void Write(Utf8JsonWriter writer, UnsignedIntegerOrText value, JsonSerializerOptions options) =>
            value.Sent.WriteTo(writer);
    }
}
