using System.Security.Cryptography;
using System.Text;

namespace JointPunishment.Unit.Tests.Encryption;

/// <summary>Format 1 exactly as the platform wrote it before payloads carried a key id: what stored rows hold today.</summary>
internal static class LegacyFormat
{
    public static byte[] GrainState(string secret, byte[] plain)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: "jp grain-state v1"u8.ToArray());
        var output = new byte[4 + 12 + plain.Length + 16];
        "JPE1"u8.CopyTo(output);
        RandomNumberGenerator.Fill(output.AsSpan(4, 12));
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(output.AsSpan(4, 12), plain, output.AsSpan(16, plain.Length), output.AsSpan(output.Length - 16));
        return output;
    }

    public static string Secret(string storageSecret, string purpose, string secret)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(storageSecret), 32, info: Encoding.UTF8.GetBytes($"jp {purpose} v1"));
        var plain = Encoding.UTF8.GetBytes(secret);
        var output = new byte[12 + plain.Length + 16];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(output.AsSpan(0, 12), plain, output.AsSpan(12, plain.Length), output.AsSpan(output.Length - 16));
        return "jpe1:" + Convert.ToBase64String(output);
    }
}
