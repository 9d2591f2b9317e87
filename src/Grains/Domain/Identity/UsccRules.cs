namespace JointPunishment.Grains.Domain.Identity;

/// <summary>
/// The 18-character unified social credit code of GB 32100-2015: registration authority (1),
/// organisation type (2), administrative division code (3–8, digits), the organisation code of
/// GB 11714 (9–17, its own check character at 17) and a MOD 31 check character (18).
/// </summary>
internal static class UsccRules
{
    public const int Length = 18;

    /// <summary>
    /// GB 32100-2015 code alphabet: digits and upper-case letters without I, O, S, V, Z (too easily
    /// confused with 1, 0, 5, U, 2). A character's value is its index here.
    /// </summary>
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>GB 32100-2015 weights 3^(i-1) mod 31 for positions 1–17.</summary>
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Validates a normalised code; null when valid.</summary>
    public static string? Validate(string code)
    {
        if (code.Length != Length)
        {
            return "must be 18 characters";
        }

        for (var i = 0; i < Length; i++)
        {
            var c = code[i];
            if (c is 'I' or 'O' or 'S' or 'V' or 'Z')
            {
                return $"character {i + 1} must not be I, O, S, V or Z";
            }

            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return $"character {i + 1} must be a digit or an upper-case letter";
            }
        }

        // Characters 1 and 2 (authority and type) are deliberately not restricted further: new
        // authority and type codes have been added since 2015.
        for (var i = 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(code[i]))
            {
                return $"character {i + 1} must be a digit";
            }
        }

        var expected = ComputeCheckCharacter(code.AsSpan(0, Length - 1));
        if (code[Length - 1] != expected)
        {
            return $"check character is wrong (expected '{expected}')";
        }

        var embedded = code.AsSpan(8, OrgCodeRules.Length);
        var expectedEmbedded = OrgCodeRules.ComputeCheckCharacter(embedded[..^1]);
        return embedded[^1] == expectedEmbedded
            ? null
            : $"organisation code check character (character 17) is wrong (expected '{expectedEmbedded}')";
    }

    /// <summary>
    /// The GB 32100-2015 check character of the first 17 characters (all from the code alphabet):
    /// index = (31 − Σ value × weight mod 31) mod 31.
    /// </summary>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < Weights.Length; i++)
        {
            sum += Alphabet.IndexOf(first17[i], StringComparison.Ordinal) * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }
}
