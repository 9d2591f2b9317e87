using System.Globalization;

namespace JointPunishment.Grains.Domain.Identity;

/// <summary>
/// The 18-character citizen identity number of GB 11643-1999: 6-digit address code, 8-digit birth
/// date YYYYMMDD, 3-digit sequence code and an ISO 7064 MOD 11-2 check character.
/// </summary>
internal static class ResidentIdRules
{
    public const int Length = 18;

    /// <summary>ISO 7064 MOD 11-2 weights 2^(18-i) mod 11 for positions 1–17 (GB 11643-1999 §8.2).</summary>
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>Check character indexed by the weighted sum mod 11; 10 is written as X.</summary>
    private const string CheckCharacters = "10X98765432";

    private const int MinimumBirthYear = 1900;

    /// <summary>Validates a normalised number; returns null when valid, otherwise a short message.</summary>
    public static string? Validate(string number, DateOnly today)
    {
        if (number.Length != Length)
        {
            return "must be 18 characters";
        }

        for (var i = 0; i < Length - 1; i++)
        {
            if (!char.IsAsciiDigit(number[i]))
            {
                return $"character {i + 1} must be a digit";
            }
        }

        var last = number[Length - 1];
        if (!char.IsAsciiDigit(last) && last != 'X')
        {
            return "character 18 must be a digit or X";
        }

        // Province codes of GB/T 2260 run from 11 to 91; only the leading zero is ruled out because
        // region codes are otherwise not validated here (they change over time).
        if (number[0] == '0')
        {
            return "region code must not start with 0";
        }

        var birthDateError = ValidateBirthDate(number.AsSpan(6, 8), today);
        if (birthDateError is not null)
        {
            return birthDateError;
        }

        var expected = ComputeCheckCharacter(number.AsSpan(0, Length - 1));
        return last == expected ? null : $"check character is wrong (expected '{expected}')";
    }

    /// <summary>The GB 11643-1999 check character for 17 digits.</summary>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < Weights.Length; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    private static string? ValidateBirthDate(ReadOnlySpan<char> yyyymmdd, DateOnly today)
    {
        // The caller has checked these are ASCII digits, so int.Parse cannot fail.
        var year = int.Parse(yyyymmdd[..4], CultureInfo.InvariantCulture);
        var month = int.Parse(yyyymmdd.Slice(4, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(yyyymmdd.Slice(6, 2), CultureInfo.InvariantCulture);

        // The message names the positions rather than echoing the date: it is personal data.
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return "birth date (characters 7-14) is not a real date";
        }

        if (year < MinimumBirthYear)
        {
            return "birth date is before 1900";
        }

        return new DateOnly(year, month, day) > today ? "birth date is in the future" : null;
    }
}
