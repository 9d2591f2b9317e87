using System.Security.Cryptography;
using System.Text;

namespace JointPunishment.Gateway.Republishers;

/// <summary>
/// How a republisher verifies a delivery: <c>X-JP-Signature: sha256=&lt;hex&gt;</c> is HMAC-SHA256 under its secret of
/// <c>{X-JP-Timestamp}.{body}</c>; the timestamp (Unix seconds) is signed so that an old delivery cannot be replayed as new.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-JP-Signature";
    public const string TimestampHeader = "X-JP-Timestamp";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{timestamp}.");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }
}
