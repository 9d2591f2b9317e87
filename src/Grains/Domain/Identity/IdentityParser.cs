using System.Diagnostics.CodeAnalysis;
using System.Text;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Domain.Identity;

/// <summary>
/// Normalises and validates subject identifiers: resident id (GB 11643-1999), passport, unified social
/// credit code (GB 32100-2015) and organisation code (GB 11714). Error messages are short English
/// phrases meant to follow a field name ("idNumber must be 18 characters") and never repeat the input.
/// </summary>
public static class IdentityParser
{
    private const string ResidentIdWire = "resident_id";
    private const string PassportWire = "passport";
    private const string UsccWire = "uscc";
    private const string OrgCodeWire = "org_code";

    /// <summary>China Standard Time is UTC+8 all year (no daylight saving), so a fixed offset is exact.</summary>
    private static readonly TimeSpan ChinaStandardTimeOffset = TimeSpan.FromHours(8);

    /// <summary>Maps a wire name (exact, lower-case) to its <see cref="IdType"/>.</summary>
    public static bool TryParseIdType(string? wire, out IdType type)
    {
        switch (wire)
        {
            case ResidentIdWire:
                type = IdType.ResidentId;
                return true;
            case PassportWire:
                type = IdType.Passport;
                return true;
            case UsccWire:
                type = IdType.Uscc;
                return true;
            case OrgCodeWire:
                type = IdType.OrgCode;
                return true;
            default:
                type = default;
                return false;
        }
    }

    /// <summary>The wire name of <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="IdType"/>.</exception>
    public static string ToWire(IdType type) => type switch
    {
        IdType.ResidentId => ResidentIdWire,
        IdType.Passport => PassportWire,
        IdType.Uscc => UsccWire,
        IdType.OrgCode => OrgCodeWire,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown identifier type."),
    };

    /// <summary>
    /// Normalises and validates <paramref name="raw"/> as an identifier of <paramref name="type"/>, taking
    /// "today" (for a resident id's birth date) as the current date in China Standard Time.
    /// </summary>
    public static bool TryParse(
        IdType type,
        string? raw,
        out SubjectIdentity identity,
        [NotNullWhen(false)] out string? error) =>
        TryParse(type, raw, DateOnly.FromDateTime(DateTime.UtcNow.Add(ChinaStandardTimeOffset)), out identity, out error);

    /// <summary>
    /// Normalises and validates <paramref name="raw"/> as an identifier of <paramref name="type"/>.
    /// <paramref name="today"/> is the current date in China Standard Time; a resident id's birth date
    /// must not be after it.
    /// </summary>
    /// <returns>True with a normalised <paramref name="identity"/> and a null <paramref name="error"/>;
    /// false with a short message that does not contain the input.</returns>
    public static bool TryParse(
        IdType type,
        string? raw,
        DateOnly today,
        out SubjectIdentity identity,
        [NotNullWhen(false)] out string? error)
    {
        identity = default;
        if (!Enum.IsDefined(type))
        {
            error = "unknown identifier type";
            return false;
        }

        if (string.IsNullOrWhiteSpace(raw))
        {
            error = "is required";
            return false;
        }

        var number = Normalise(type, raw);
        if (number.Length == 0)
        {
            // Only full-width spaces or similar: empty once folded and trimmed.
            error = "is required";
            return false;
        }

        error = type switch
        {
            IdType.ResidentId => ResidentIdRules.Validate(number, today),
            IdType.Passport => PassportRules.Validate(number),
            IdType.Uscc => UsccRules.Validate(number),
            _ => OrgCodeRules.Validate(number),
        };
        if (error is not null)
        {
            return false;
        }

        identity = new SubjectIdentity(type, number);
        return true;
    }

    /// <summary>
    /// Folds full-width ASCII (U+FF01–U+FF5E, as typed with a Chinese input method) to half-width, trims
    /// white space including the ideographic space U+3000, and upper-cases ASCII letters. Nothing else is
    /// removed. Every identifier type is upper-cased: GB 11643, GB 32100 and GB 11714 only use
    /// upper-case letters, and machine-readable passport numbers are upper-case too.
    /// </summary>
    public static string Normalise(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var builder = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            var folded = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;

            // Only ASCII is upper-cased: culture-aware upper-casing would turn e.g. the dotless 'ı'
            // into 'I' and let a non-ASCII letter pass the ASCII-only checks.
            builder.Append(folded is >= 'a' and <= 'z' ? (char)(folded - ('a' - 'A')) : folded);
        }

        return builder.ToString().Trim();
    }

    /// <summary>
    /// <see cref="Normalise(string)"/>, and for an organisation code also removes the hyphen that is
    /// customarily printed before its check character (GB 11714: <c>12345678-8</c>).
    /// </summary>
    public static string Normalise(IdType type, string raw)
    {
        var normalised = Normalise(raw);
        if (type == IdType.OrgCode && normalised.Length == OrgCodeRules.Length + 1 && normalised[^2] == '-')
        {
            normalised = string.Concat(normalised.AsSpan(0, OrgCodeRules.Length - 1), normalised.AsSpan(^1));
        }

        return normalised;
    }
}
