using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Keys;
using Microsoft.Extensions.Options;

namespace JointPunishment.Grains.Checks;

/// <summary>
/// Check ids are UUIDv7s that carry their own proof: the 48-bit time, the decision, and a 62-bit MAC over
/// (time, decision, agency) under a key derived from the deployment secret. Feedback on a check can then be
/// verified without looking the check up, so the ~99% of checks that allow need no row of their own.
/// </summary>
public sealed class CheckIds(IOptions<SubjectKeyOptions> options)
{
    private readonly byte[] _key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.Secret), "jp check-id v1"u8);

    public Guid Issue(string agency, Decision decision, DateTimeOffset at)
    {
        Span<byte> bytes = stackalloc byte[16];
        var milliseconds = at.ToUnixTimeMilliseconds();
        BinaryPrimitives.WriteInt64BigEndian(bytes, milliseconds << 16);
        bytes[6] = (byte)(0x70 | (int)decision);                 // version 7, then the decision
        bytes[7] = 0;
        var mac = Mac(agency, decision, milliseconds);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], (mac >> 2) | 0x8000_0000_0000_0000UL); // RFC 9562 variant 10
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>Whether <paramref name="checkId"/> was issued to <paramref name="agency"/>; if so, its decision and time.</summary>
    public bool TryVerify(Guid checkId, string agency, out Decision decision, out DateTimeOffset at)
    {
        Span<byte> bytes = stackalloc byte[16];
        checkId.TryWriteBytes(bytes, bigEndian: true, out _);
        var milliseconds = BinaryPrimitives.ReadInt64BigEndian(bytes) >>> 16;
        decision = (Decision)(bytes[6] & 0x0F);
        at = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        var expected = (Mac(agency, decision, milliseconds) >> 2) | 0x8000_0000_0000_0000UL;
        return (bytes[6] & 0xF0) == 0x70 && Enum.IsDefined(decision)
            && CryptographicOperations.FixedTimeEquals(
                BitConverter.GetBytes(BinaryPrimitives.ReadUInt64BigEndian(bytes[8..])), BitConverter.GetBytes(expected));
    }

    private ulong Mac(string agency, Decision decision, long milliseconds)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{milliseconds}|{(int)decision}|{agency}"), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
