using System.Text.Json;
using System.Text.Json.Serialization;

namespace JointPunishment.Grains.Wire.Records;

/// <summary>
/// One item of a list whose items are judged each on its own (a batch's subjects, a court's events): its record, bound
/// and judged as <see cref="RequestJson"/> binds a body, with what is wrong with it in <see cref="Errors"/>; an invalid
/// item does not fail the list. An item that could not be bound at all has no <see cref="Value"/> and keeps what was
/// <see cref="Sent"/>, so that its reader can still name it (an event's id).
/// </summary>
[JsonConverter(typeof(BoundItemConverterFactory))]
public readonly record struct BoundItem<T>(T? Value, ValidationErrors Errors, JsonElement? Sent = null)
    where T : class
{
    /// <summary>Reads one item as a list of them would (what an upstream node's feed serves one event at a time).</summary>
    public static BoundItem<T> Read(JsonElement item) =>
        item.Deserialize<BoundItem<T>>(RequestJson.Options);

    /// <summary>The errors in one line (<c>idNumber: is required; name: must be at most 200 characters</c>), or null.</summary>
    public string? Error => Errors.Any ? Errors.Describe("") : null;
}

/// <summary>Reads each <see cref="BoundItem{T}"/> from its own copy of the reader, so that an item's refusal leaves the list readable.</summary>
public sealed class BoundItemConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(BoundItem<>);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter?)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]));

    private sealed class Converter<T> : JsonConverter<BoundItem<T>>
        where T : class
    {
        public override bool HandleNull => true;

        public override BoundItem<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            // The serializer hands a converter the whole value; the list reads on from its end whatever the item holds.
            var item = reader;
            var sent = reader;
            reader.Skip();
            var errors = new ValidationErrors();
            try
            {
                if (JsonSerializer.Deserialize<T>(ref item, options) is not { } value)
                {
                    errors.Add("", "must be an object");
                    return new(null, errors);
                }

                RecordRules.Validate(value, errors);
                return new(value, errors);
            }
            catch (JsonException ex)
            {
                var (path, message) = JsonErrorDescription.Describe(ex, typeof(T), options);
                errors.Add(path, message);
                return new(null, errors, JsonElement.ParseValue(ref sent));
            }
        }

        public override void Write(Utf8JsonWriter writer, BoundItem<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Value, options);
    }
}
