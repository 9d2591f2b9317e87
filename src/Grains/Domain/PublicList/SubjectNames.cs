namespace JointPunishment.Grains.Domain.PublicList;

/// <summary>The one form names are stored and searched in, so that a name typed with a Chinese input method finds the listed one.</summary>
public static class SubjectNames
{
    /// <summary>Trimmed, full-width ASCII (U+FF01–U+FF5E) folded to half-width and the ideographic space U+3000 to a space.</summary>
    public static string Normalise(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        return string.Create(trimmed.Length, trimmed, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c == '\u3000' ? ' ' : c;
            }
        }).Trim();
    }
}
