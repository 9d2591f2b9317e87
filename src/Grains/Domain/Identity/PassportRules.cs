namespace JointPunishment.Grains.Domain.Identity;

/// <summary>
/// Passports and other travel documents: no national check character applies, so only the shape is
/// checked — 5 to 20 ASCII letters and digits, as in machine-readable travel documents (ICAO 9303).
/// </summary>
internal static class PassportRules
{
    public const int MinLength = 5;
    public const int MaxLength = 20;

    /// <summary>Validates a normalised passport number; null when valid.</summary>
    public static string? Validate(string number)
    {
        if (number.Length is < MinLength or > MaxLength)
        {
            return "must be 5 to 20 characters";
        }

        for (var i = 0; i < number.Length; i++)
        {
            if (!char.IsAsciiDigit(number[i]) && !char.IsAsciiLetterUpper(number[i]))
            {
                return $"character {i + 1} must be a letter or a digit";
            }
        }

        return null;
    }
}
