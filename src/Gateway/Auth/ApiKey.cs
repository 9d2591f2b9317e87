using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace JointPunishment.Gateway.Auth;

/// <summary>
/// API keys have the form <c>jpa.{code}.{secret}</c> (agency), <c>jpc.{code}.{secret}</c> (court) or
/// <c>jpf.{code}.{secret}</c> (feed consumer): the gateway finds the principal from the key itself, and the principal's
/// grain compares the secret with its salted hash. The prefix decides which kind of principal is asked, so a key of
/// one kind never authenticates as another.
/// </summary>
public static partial class ApiKey
{
    public const string AgencyPrefix = "jpa";
    public const string CourtPrefix = "jpc";
    public const string ConsumerPrefix = "jpf";

    /// <summary>Agency, court and consumer codes: letters, digits, '-' and '_', up to 64.</summary>
    public const string CodeExpression = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$";

    /// <summary>What a field that must be a code (<see cref="CodeExpression"/>) answers otherwise; the operator console translates it by its start.</summary>
    public const string CodeMessage = "may contain only letters, digits, '-' and '_', starting with a letter or digit (at most 64 characters)";

    /// <summary><see cref="CodeExpression"/>, compiled.</summary>
    [GeneratedRegex(CodeExpression)]
    public static partial Regex CodePattern();

    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Format(string prefix, string code, string secret) => $"{prefix}.{code}.{secret}";

    public static bool TryParse(string key, out string prefix, out string code, out string secret)
    {
        prefix = code = secret = "";
        var first = key.IndexOf('.', StringComparison.Ordinal);
        var last = key.LastIndexOf('.');
        if (first <= 0 || last <= first + 1 || last == key.Length - 1)
        {
            return false;
        }

        prefix = key[..first];
        code = key[(first + 1)..last];
        secret = key[(last + 1)..];
        return prefix is AgencyPrefix or CourtPrefix or ConsumerPrefix && CodePattern().IsMatch(code);
    }
}
