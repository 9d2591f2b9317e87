using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace JointPunishment.Grains.Wire.Records;

/// <summary>
/// Turns the serializer's refusal of a well-formed body into the field it names (<c>events[0].on</c>, from the exception's
/// JSON path) and what that field must be, found from the record's contract rather than from the exception's text (which
/// names .NET types): a member the record does not have is unknown; otherwise the member's type says what was expected.
/// </summary>
public static class JsonErrorDescription
{
    private const int MaxEchoed = 64;

    public static (string Path, string Message) Describe(JsonException exception, Type root, JsonSerializerOptions options)
    {
        var segments = Segments(exception.Path);
        var path = string.Concat(segments.Select((s, i) => s.Index is { } index ? $"[{index}]" : i == 0 ? s.Name : $".{s.Name}"));
        if (exception is FieldJsonException)
        {
            return (path, exception.Message);
        }

        var type = options.GetTypeInfo(root);
        foreach (var segment in segments)
        {
            if (segment.Index is not null)
            {
                if (type.ElementType is not { } element)
                {
                    return (path, "must not be an array");
                }

                type = options.GetTypeInfo(element);
                continue;
            }

            var property = type.Kind == JsonTypeInfoKind.Object
                ? type.Properties.FirstOrDefault(p => string.Equals(p.Name, segment.Name, StringComparison.Ordinal))
                : null;
            if (property is null)
            {
                // The name is the client's: an error key echoes at most 64 characters of it.
                return (segment.Name.Length > MaxEchoed ? path[..(path.Length - segment.Name.Length + MaxEchoed)] + "…" : path, "is not a known field");
            }

            type = options.GetTypeInfo(property.PropertyType);
        }

        return (path, Expected(type));
    }

    private static string Expected(JsonTypeInfo type)
    {
        var clr = Nullable.GetUnderlyingType(type.Type) ?? type.Type;
        return type.Kind switch
        {
            JsonTypeInfoKind.Object => "must be an object",
            JsonTypeInfoKind.Enumerable => "must be an array",
            JsonTypeInfoKind.Dictionary => "must be an object",
            _ when clr == typeof(bool) => "must be true or false",
            _ when clr == typeof(DateOnly) => "must be a date YYYY-MM-DD",
            _ when clr == typeof(DateTimeOffset) || clr == typeof(DateTime) => "must be a date and time (ISO 8601)",
            _ when clr == typeof(Guid) => "must be a UUID",
            _ when clr == typeof(string) => "must be a string",
            _ when clr.IsPrimitive || clr == typeof(decimal) => "must be a number in range",
            _ => "is not valid here",
        };
    }

    /// <summary>The segments of a path as the serializer writes it: <c>$.events[0].subject</c>, <c>$['odd name']</c>.</summary>
    private static List<(string Name, int? Index)> Segments(string? path)
    {
        var segments = new List<(string, int?)>();
        var rest = (path ?? "$").AsSpan();
        if (rest.StartsWith("$"))
        {
            rest = rest[1..];
        }

        while (!rest.IsEmpty)
        {
            if (rest[0] == '.')
            {
                var end = rest[1..].IndexOfAny('.', '[');
                var name = end < 0 ? rest[1..] : rest.Slice(1, end);
                segments.Add((name.ToString(), null));
                rest = end < 0 ? [] : rest[(end + 1)..];
            }
            else if (rest.StartsWith("['"))
            {
                // The name's end is the first "']" after the opening one: a name may begin with ' or ] itself (the
                // serializer does not escape them, so a name holding "']" is cut there, still naming no known field).
                var end = rest[2..].IndexOf("']", StringComparison.Ordinal);
                if (end < 0)
                {
                    break;
                }

                segments.Add((rest.Slice(2, end).ToString(), null));
                rest = rest[(end + 4)..];
            }
            else if (rest[0] == '[')
            {
                var end = rest.IndexOf(']');
                if (end < 0 || !int.TryParse(rest[1..end], out var index))
                {
                    break;
                }

                segments.Add(("", index));
                rest = rest[(end + 1)..];
            }
            else
            {
                break;
            }
        }

        return segments;
    }
}
