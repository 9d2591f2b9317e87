using System.Buffers.Binary;
using System.Security.Cryptography;

namespace JointPunishment.Storage.Encryption;

/// <summary>How a stored payload is sealed (<see cref="GrainStateCipher.Inspect"/>).</summary>
public enum PayloadSeal
{
    /// <summary>Format 2 under the current key.</summary>
    Current,

    /// <summary>Format 2 under a retired key that this ring still holds.</summary>
    OldKey,

    /// <summary>Format 2 under a key this ring does not hold.</summary>
    UnknownKey,

    /// <summary>Format 1 (<c>JPE1</c>): encrypted before payloads carried a key id and were bound to their row.</summary>
    Legacy,

    /// <summary>No marker: not encrypted by this platform.</summary>
    Unmarked,
}

/// <summary>
/// AES-256-GCM for grain state at rest, each payload sealed for its row. Format 2:
/// <c>"JPE2"</c> | key id (4 bytes, big-endian) | 12-byte random nonce | ciphertext | 16-byte tag, with associated
/// data = those first 8 bytes + the row (<see cref="GrainStateRow.AssociatedData"/>). The key is HKDF-SHA256 of the
/// storage secret with info <c>jp grain-state v2</c>. Format 1 (<c>"JPE1"</c> | nonce | ciphertext | tag, info
/// <c>jp grain-state v1</c>, no associated data) is still read, under any key of the ring, so that rows written
/// before format 2 load; <c>reencrypt</c> rewrites them. A payload without a marker is refused.
/// </summary>
public sealed class GrainStateCipher
{
    public const int HeaderBytes = 8;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] Marker = "JPE2"u8.ToArray();
    private static readonly byte[] LegacyMarker = "JPE1"u8.ToArray();

    private readonly StorageKeyRing _keys;
    private readonly Dictionary<uint, byte[]> _aesKeys;
    private readonly byte[][] _legacyKeys;

    public GrainStateCipher(StorageKeyRing keys)
    {
        _keys = keys;
        _aesKeys = keys.All.ToDictionary(k => k.Id, k => k.Derive("jp grain-state v2"));
        _legacyKeys = [.. keys.All.Select(k => k.Derive("jp grain-state v1"))];
        CurrentHeader = Header(keys.Current.Id);
    }

    /// <summary>The first 8 bytes of every payload this cipher writes.</summary>
    public byte[] CurrentHeader { get; }

    public byte[] Encrypt(ReadOnlySpan<byte> plain, GrainStateRow row)
    {
        var output = new byte[HeaderBytes + NonceBytes + plain.Length + TagBytes];
        CurrentHeader.CopyTo(output, 0);
        var nonce = output.AsSpan(HeaderBytes, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_aesKeys[_keys.Current.Id], TagBytes);
        aes.Encrypt(nonce, plain, output.AsSpan(HeaderBytes + NonceBytes, plain.Length), output.AsSpan(output.Length - TagBytes), row.AssociatedData(CurrentHeader));
        return output;
    }

    public PayloadSeal Inspect(ReadOnlySpan<byte> payload)
    {
        if (payload.Length >= HeaderBytes + NonceBytes + TagBytes && payload.StartsWith(Marker))
        {
            var id = BinaryPrimitives.ReadUInt32BigEndian(payload[Marker.Length..]);
            return id == _keys.Current.Id ? PayloadSeal.Current : _aesKeys.ContainsKey(id) ? PayloadSeal.OldKey : PayloadSeal.UnknownKey;
        }

        return payload.Length >= LegacyMarker.Length + NonceBytes + TagBytes && payload.StartsWith(LegacyMarker) ? PayloadSeal.Legacy : PayloadSeal.Unmarked;
    }

    /// <summary>The plain state of <paramref name="row"/>; <see cref="GrainStateEncryptionException"/> when it is not this row's or no key of the ring opens it.</summary>
    public byte[] Decrypt(ReadOnlySpan<byte> payload, GrainStateRow row)
    {
        switch (Inspect(payload))
        {
            case PayloadSeal.Current or PayloadSeal.OldKey:
                var id = BinaryPrimitives.ReadUInt32BigEndian(payload[Marker.Length..]);
                var plain = new byte[payload.Length - HeaderBytes - NonceBytes - TagBytes];
                try
                {
                    using var aes = new AesGcm(_aesKeys[id], TagBytes);
                    aes.Decrypt(payload.Slice(HeaderBytes, NonceBytes), payload.Slice(HeaderBytes + NonceBytes, plain.Length), payload[^TagBytes..], plain, row.AssociatedData(payload[..HeaderBytes]));
                }
                catch (AuthenticationTagMismatchException e)
                {
                    throw new GrainStateEncryptionException($"The stored {row} does not authenticate: it was sealed for another row (copied or moved) or altered. Nothing was loaded.", e);
                }

                return plain;
            case PayloadSeal.Legacy:
                return DecryptLegacy(payload, row);
            case PayloadSeal.UnknownKey:
                throw new GrainStateEncryptionException(
                    $"The stored {row} is encrypted under storage key id {BinaryPrimitives.ReadUInt32BigEndian(payload[Marker.Length..]):x8}, which is neither {StorageKeyRing.CurrentSetting} ({_keys.Current.IdText}) nor in {StorageKeyRing.OldSetting}. Add the key that wrote it to {StorageKeyRing.OldSetting}.");
            default:
                throw new GrainStateEncryptionException(
                    $"The stored {row} is not encrypted (no JPE2 or JPE1 marker) and is refused. If it predates encryption at rest, convert it with 'reencrypt --encrypt-unmarked' (docs/operations.md, Rotating keys).");
        }
    }

    private byte[] DecryptLegacy(ReadOnlySpan<byte> payload, GrainStateRow row)
    {
        var nonce = payload.Slice(LegacyMarker.Length, NonceBytes);
        var cipher = payload[(LegacyMarker.Length + NonceBytes)..^TagBytes];
        var plain = new byte[cipher.Length];
        foreach (var key in _legacyKeys)
        {
            try
            {
                using var aes = new AesGcm(key, TagBytes);
                aes.Decrypt(nonce, cipher, payload[^TagBytes..], plain);
                return plain;
            }
            catch (AuthenticationTagMismatchException)
            {
                // Format 1 names no key: try the next one.
            }
        }

        throw new GrainStateEncryptionException($"The stored {row} is in format 1 (JPE1) and no storage key opens it; add the key that wrote it to {StorageKeyRing.OldSetting}.");
    }

    private static byte[] Header(uint keyId)
    {
        var header = new byte[HeaderBytes];
        Marker.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(Marker.Length), keyId);
        return header;
    }
}
