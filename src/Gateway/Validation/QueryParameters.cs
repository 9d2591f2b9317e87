using System.Globalization;

namespace JointPunishment.Gateway.Validation;

/// <summary>Query-string values read by hand, so that a bad one is a validation problem naming it (binding would answer a bare 400).</summary>
public static class QueryParameters
{
    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when absent.</summary>
    public static int Int(string? text, string name, int min, int max, int fallback, ValidationErrors errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(name, $"must be an integer from {min} to {max}");
        return fallback;
    }

    /// <summary>A calendar date <c>YYYY-MM-DD</c>, or null when absent.</summary>
    public static DateOnly? Date(string? text, string name, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(name, "must be a date YYYY-MM-DD");
        return null;
    }

    /// <summary>
    /// A feed's <c>after</c> (a cursor the feed returned as <c>next</c>; absent = from the start) and <c>limit</c>
    /// (1 to <paramref name="maxLimit"/>, default 100).
    /// </summary>
    public static (long After, int Limit) Feed(string? after, string? limit, int maxLimit, ValidationErrors errors) =>
        (Cursor(after, "after", errors), Int(limit, "limit", 1, maxLimit, 100, errors));

    /// <summary>A cursor <c>after</c>: the decimal position a list returned as <c>next</c>, or 0 (the start) when absent.</summary>
    public static long Cursor(string? text, string name, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        if (text.Length <= 19 && text.All(char.IsAsciiDigit) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            return position;
        }

        errors.Add(name, "must be a cursor this endpoint returned as next");
        return 0;
    }
}
