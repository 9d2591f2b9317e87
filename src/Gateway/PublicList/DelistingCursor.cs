using System.Globalization;

namespace JointPunishment.Gateway.PublicList;

/// <summary>The feed's cursor: the position of the last entry read, written as a decimal number. Treat it as opaque.</summary>
public static class DelistingCursor
{
    public static string Format(long position) => position.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out long position)
    {
        position = 0;
        return string.IsNullOrEmpty(text)
            || (text.Length <= 19 && text.All(char.IsAsciiDigit) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out position));
    }
}
