using System.Security.Cryptography;
using System.Text;

namespace JointPunishment.Storage.Encryption;

/// <summary>
/// Encrypts short secrets kept in PostgreSQL (a webhook's signing secret) with AES-256-GCM under a key derived from the
/// storage secret (<c>JP_STORAGE_KEY</c>, as <see cref="EncryptingGrainStorageSerializer"/>) for one purpose, so a dump
/// of the table signs nothing. Text form: <c>jpe1:</c> + base64(12-byte nonce | ciphertext | 16-byte tag). A value
/// without the prefix was stored before encryption and is returned as it is.
/// </summary>
public sealed class SecretProtector
{
    private const string Prefix = "jpe1:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _key;

    /// <param name="storageSecret">The storage secret, at least 16 characters.</param>
    /// <param name="purpose">Separates the keys of different uses of the same secret.</param>
    public SecretProtector(string storageSecret, string purpose)
    {
        if (storageSecret.Length < Settings.StorageKeyOptions.MinLength)
        {
            throw new ArgumentException(Settings.StorageKeyOptions.Invalid, nameof(storageSecret));
        }

        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(storageSecret), 32, info: Encoding.UTF8.GetBytes($"jp {purpose} v1"));
    }

    public string Protect(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var output = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceBytes, plain.Length), output.AsSpan(output.Length - TagBytes));
        return Prefix + Convert.ToBase64String(output);
    }

    public string Unprotect(string stored)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return stored;
        }

        var data = Convert.FromBase64String(stored[Prefix.Length..]);
        var plain = new byte[data.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        aes.Decrypt(data.AsSpan(0, NonceBytes), data.AsSpan(NonceBytes, plain.Length), data.AsSpan(data.Length - TagBytes), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
