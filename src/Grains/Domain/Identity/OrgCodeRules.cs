namespace JointPunishment.Grains.Domain.Identity;

/// <summary>
/// The 9-character organisation code of GB 11714: an 8-character body of digits and upper-case
/// letters and a MOD 11 check character (digit or X). Also embedded as characters 9–17 of a unified
/// social credit code (GB 32100-2015).
/// </summary>
internal static class OrgCodeRules
{
    public const int Length = 9;

    /// <summary>GB 11714 weights for the eight body characters.</summary>
    private static readonly int[] Weights = [3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>Validates a normalised code (hyphen already removed); null when valid.</summary>
    public static string? Validate(string code)
    {
        if (code.Length != Length)
        {
            return "must be 9 characters";
        }

        for (var i = 0; i < Length - 1; i++)
        {
            if (!IsBodyCharacter(code[i]))
            {
                return $"character {i + 1} must be a digit or a letter A-Z";
            }
        }

        var last = code[Length - 1];
        if (!char.IsAsciiDigit(last) && last != 'X')
        {
            return "character 9 must be a digit or X";
        }

        var expected = ComputeCheckCharacter(code.AsSpan(0, Length - 1));
        return last == expected ? null : $"check character is wrong (expected '{expected}')";
    }

    /// <summary>True for the characters GB 11714 allows in the body: 0–9 and A–Z.</summary>
    public static bool IsBodyCharacter(char c) => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c);

    /// <summary>
    /// The GB 11714 check character of an 8-character body: digits count 0–9 and letters A–Z count
    /// 10–35; C = 11 − (Σ value × weight mod 11), written X for 10 and 0 for 11.
    /// </summary>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> body)
    {
        var sum = 0;
        for (var i = 0; i < Weights.Length; i++)
        {
            var c = body[i];
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            sum += value * Weights[i];
        }

        var check = 11 - (sum % 11);
        return check switch
        {
            10 => 'X',
            11 => '0',
            _ => (char)('0' + check),
        };
    }
}
