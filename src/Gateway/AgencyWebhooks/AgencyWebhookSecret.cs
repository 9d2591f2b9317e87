namespace JointPunishment.Gateway.AgencyWebhooks;

/// <summary>
/// The form of an agency's signing secret: Standard Webhooks' <c>whsec_</c> + base64 of 24 to 64 random bytes, as the
/// receiving libraries expect it.
/// </summary>
public static class AgencyWebhookSecret
{
    public const string Prefix = "whsec_";
    public const int MinBytes = 24;
    public const int MaxBytes = 64;

    /// <summary>Why <paramref name="secret"/> cannot sign, or null when it can.</summary>
    public static string? Refusal(string secret)
    {
        Span<byte> bytes = stackalloc byte[MaxBytes + 3];
        return secret.StartsWith(Prefix, StringComparison.Ordinal)
            && Convert.TryFromBase64String(secret[Prefix.Length..], bytes, out var length)
            && length is >= MinBytes and <= MaxBytes
            ? null
            : $"must be {Prefix} followed by the base64 of {MinBytes} to {MaxBytes} random bytes (Standard Webhooks)";
    }
}
