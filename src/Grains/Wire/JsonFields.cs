using System.Globalization;
using System.Text.Json;

namespace JointPunishment.Grains.Wire;

/// <summary>
/// Reads fields from a JSON object while collecting errors keyed by their full JSON path
/// (<c>events[3].subject.idNumber</c>), so that a problem response names exactly the offending field and
/// one bad event in a batch can be rejected on its own. Model binding cannot do either.
/// </summary>
public sealed class JsonFields(JsonElement element, string path, ValidationErrors errors)
{
    public ValidationErrors Errors => errors;

    public string Path(string field) => path.Length == 0 ? field : $"{path}.{field}";

    public bool IsObject => element.ValueKind == JsonValueKind.Object;

    public string? String(string field, bool required, int maxLength = 200)
    {
        if (!TryGet(field, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(Path(field), "must be a string");
            return null;
        }

        if (!TryGetString(value, out var raw))
        {
            errors.Add(Path(field), "must be valid Unicode text");
            return null;
        }

        var text = raw.Trim();
        if (text.Length == 0)
        {
            if (required)
            {
                errors.Add(Path(field), "must not be empty");
            }

            return null;
        }

        if (text.Length > maxLength)
        {
            errors.Add(Path(field), $"must be at most {maxLength} characters");
            return null;
        }

        return text;
    }

    public bool? Bool(string field, bool required)
    {
        if (!TryGet(field, required, out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add(Path(field), "must be true or false");
        return null;
    }

    /// <summary>A JSON number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double? Number(string field, bool required, double min, double max)
    {
        if (!TryGet(field, required, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number >= min && number <= max)
        {
            return number;
        }

        errors.Add(Path(field), $"must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        return null;
    }

    /// <summary>An unsigned 64-bit integer, as a JSON number or a decimal string (JSON numbers above 2⁵³ lose digits in many clients).</summary>
    public ulong? UInt64(string field, bool required)
    {
        if (!TryGet(field, required, out var value))
        {
            return null;
        }

        if ((value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var number))
            || (value.ValueKind == JsonValueKind.String && ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number)))
        {
            return number;
        }

        errors.Add(Path(field), "must be an unsigned 64-bit integer (a number or a decimal string)");
        return null;
    }

    /// <summary>A calendar date <c>YYYY-MM-DD</c>.</summary>
    public DateOnly? Date(string field, bool required)
    {
        var text = String(field, required, 10);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(Path(field), "must be a date YYYY-MM-DD");
        return null;
    }

    /// <summary>One of <paramref name="allowed"/>, mapped to its value.</summary>
    public T? Choice<T>(string field, bool required, IReadOnlyDictionary<string, T> allowed)
        where T : struct
    {
        var text = String(field, required, 64);
        if (text is null)
        {
            return null;
        }

        if (allowed.TryGetValue(text, out var value))
        {
            return value;
        }

        errors.Add(Path(field), $"must be one of: {string.Join(", ", allowed.Keys)}");
        return null;
    }

    public JsonFields? Object(string field, bool required)
    {
        if (!TryGet(field, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Path(field), "must be an object");
            return null;
        }

        return new JsonFields(value, Path(field), errors);
    }

    /// <summary>The elements of an array field, each with its own path.</summary>
    public IReadOnlyList<JsonFields>? Array(string field, bool required, int maxItems)
    {
        if (!TryGet(field, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(Path(field), "must be an array");
            return null;
        }

        var length = value.GetArrayLength();
        if (length > maxItems)
        {
            errors.Add(Path(field), $"must have at most {maxItems} items");
            return null;
        }

        return value.EnumerateArray().Select((item, i) => new JsonFields(item, $"{Path(field)}[{i}]", errors)).ToArray();
    }

    /// <summary>
    /// Refuses every property of this object that is not in <paramref name="known"/>: a misspelt optional field
    /// (say <c>aciton</c>) would otherwise be ignored silently and change what the request means.
    /// </summary>
    public void RejectUnknown(IReadOnlySet<string> known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                var name = property.Name.Length > 64 ? property.Name[..64] + "…" : property.Name;
                errors.Add(Path(name), "is not a known field");
            }
        }
    }

    /// <summary>The same element and path, reporting into <paramref name="other"/> (for items judged on their own).</summary>
    public JsonFields WithErrors(ValidationErrors other) => new(element, path, other);

    /// <summary>Fields of this element that are JSON strings, for arrays of strings.</summary>
    public string? AsString() => element.ValueKind == JsonValueKind.String && TryGetString(element, out var text) ? text : null;

    // A JSON escape can still spell a lone surrogate (\ud800), which is not text.
    private static bool TryGetString(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private bool TryGet(string field, bool required, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        if (required)
        {
            errors.Add(Path(field), "is required");
        }

        return false;
    }
}
