using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Orleans.Storage;

namespace JointPunishment.Storage.Encryption;

/// <summary>
/// Encrypts every grain state at rest with AES-256-GCM (.NET's <see cref="AesGcm"/>) around another serializer.
/// Subject state holds what a court needs to see again — the identity number in clear, names, officers — and the
/// storage table, its backups and dumps must not. Layout: <c>"JPE1"</c> | 12-byte random nonce | ciphertext |
/// 16-byte tag. A payload without the marker was written before encryption was on and is read as it is; it is
/// encrypted the next time the grain writes.
/// </summary>
public sealed class EncryptingGrainStorageSerializer : IGrainStorageSerializer
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] Marker = "JPE1"u8.ToArray();

    private readonly IGrainStorageSerializer _inner;
    private readonly byte[] _key;

    /// <param name="inner">The serializer that turns states into bytes.</param>
    /// <param name="secret">The storage secret from configuration (<c>JP_STORAGE_KEY</c>), at least 16 characters.</param>
    public EncryptingGrainStorageSerializer(IGrainStorageSerializer inner, string secret)
    {
        if (secret.Length < Settings.StorageKeyOptions.MinLength)
        {
            throw new ArgumentException(Settings.StorageKeyOptions.Invalid, nameof(secret));
        }

        _inner = inner;
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: "jp grain-state v1"u8.ToArray());
    }

    public BinaryData Serialize<T>(T? input)
    {
        var plain = _inner.Serialize(input).ToMemory().Span;
        var output = new byte[Marker.Length + NonceBytes + plain.Length + TagBytes];
        Marker.CopyTo(output, 0);
        var nonce = output.AsSpan(Marker.Length, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, output.AsSpan(Marker.Length + NonceBytes, plain.Length), output.AsSpan(output.Length - TagBytes));
        return new BinaryData(output);
    }

    public T? Deserialize<T>(BinaryData input)
    {
        var data = input.ToMemory().Span;
        if (!data.StartsWith(Marker))
        {
            return _inner.Deserialize<T>(input);
        }

        var nonce = data.Slice(Marker.Length, NonceBytes);
        var cipher = data[(Marker.Length + NonceBytes)..^TagBytes];
        var plain = new byte[cipher.Length];
        using var aes = new AesGcm(_key, TagBytes);
        aes.Decrypt(nonce, cipher, data[^TagBytes..], plain);
        return _inner.Deserialize<T>(new BinaryData(plain));
    }
}
