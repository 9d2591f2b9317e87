using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Model;
using Microsoft.Extensions.Options;

namespace JointPunishment.Grains.Keys;

/// <summary>
/// Derives a subject's grain key as HMAC-SHA256 of its normalised identity under the deployment secret, so
/// grain ids, storage rows, membership data and logs never carry an identity number, and nobody without the
/// secret can turn a number into a key to probe with.
/// </summary>
public sealed class SubjectKeys(IOptions<SubjectKeyOptions> options) : IDisposable
{
    private readonly KeyedHash _hmac = new(Encoding.UTF8.GetBytes(options.Value.Secret));

    public string For(SubjectRef subject) => For(subject.IdType, subject.IdNumber);

    public string For(IdType type, string normalisedNumber) => ForWithHash(type, normalisedNumber).Key;

    /// <summary>The grain key and, without decoding it again, the 64-bit hash the index holds (<see cref="HashOf"/>).</summary>
    public (string Key, long Hash) ForWithHash(IdType type, string normalisedNumber)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(type, normalisedNumber, hash);
        return (GrainKeys.SubjectPrefix + Base64Url.EncodeToString(hash), BinaryPrimitives.ReadInt64LittleEndian(hash));
    }

    /// <summary>Only the 64-bit hash the index holds, <see cref="HashOf"/> of the key <see cref="For(IdType, string)"/> gives, without making the key.</summary>
    public long HashFor(IdType type, string normalisedNumber)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(type, normalisedNumber, hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }

    /// <summary>The first 64 bits of the HMAC inside a subject key: what the in-memory index of named subjects holds.</summary>
    public static long HashOf(string subjectKey)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!subjectKey.StartsWith(GrainKeys.SubjectPrefix, StringComparison.Ordinal)
            || Base64Url.DecodeFromChars(subjectKey.AsSpan(GrainKeys.SubjectPrefix.Length), hash) < sizeof(long))
        {
            throw new ArgumentException("not a subject key", nameof(subjectKey));
        }

        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }

    public void Dispose() => _hmac.Dispose();

    private void Compute(IdType type, string normalisedNumber, Span<byte> hash)
    {
        var wire = IdentityParser.ToWire(type);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(wire.Length + 1 + normalisedNumber.Length);
        Span<byte> input = maxBytes <= 256 ? stackalloc byte[256] : new byte[maxBytes];
        var length = Encoding.UTF8.GetBytes(wire, input);
        input[length++] = (byte)':';
        length += Encoding.UTF8.GetBytes(normalisedNumber, input[length..]);
        _hmac.Compute(input[..length], hash);
    }
}
