using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Keys;
using Microsoft.Extensions.Options;

namespace JointPunishment.Grains.Checks;

/// <summary>
/// Check ids are UUIDv7s that carry their own proof, so feedback on a check can be verified without looking the
/// check up and the ~99% of checks that allow need no row of their own. Layout (big-endian):
/// 48-bit Unix milliseconds | version 7 | 4-bit decision | 30-bit sequence (8 bits, the RFC 9562 variant, 22 bits)
/// | 40-bit MAC over (milliseconds, decision, sequence, agency) under a key derived from the deployment secret.
/// The sequence starts at a random value in each process and counts every id, so ids issued in one millisecond
/// differ — also across silos, unless 2^30 ids apart by chance.
/// Two MACs are in use, and <see cref="TryVerify"/> accepts either:
/// - one id at a time (<see cref="Issue"/>): the first 40 bits of HMAC-SHA256 over (milliseconds, decision, sequence,
///   agency);
/// - many at once (<see cref="IssueMany"/>, a batch's allows): the first 40 bits of AES-256 under a key derived for
///   the agency, over one block of (milliseconds, decision, sequence). AES is a pseudorandom permutation of the
///   block, and each block is unique, so it serves as a MAC of fixed-length input; one AES call encrypts a whole
///   batch's blocks, where each HMAC is one OpenSSL call (about 620 ns here, against 3 ns a block for AES).
/// Accepting either leaves a forger two chances in 2^40 (one in 5 × 10^11) per guess at an authenticated,
/// rate-limited endpoint.
/// </summary>
public sealed class CheckIds(IOptions<SubjectKeyOptions> options) : IDisposable
{
    private const int SequenceBits = 30;
    private const int MacBits = 40;
    private const ulong MacMask = (1UL << MacBits) - 1;

    private const int BlockBytes = 16;
    private static readonly long MaxMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    private readonly KeyedHash _mac = new(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.Secret), "jp check-id v2"u8));
    private readonly byte[] _blockKeyRoot = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.Secret), "jp check-id blocks"u8);
    private readonly ConcurrentDictionary<string, byte[]> _blockKeys = new(StringComparer.Ordinal);
    private int _sequence = RandomNumberGenerator.GetInt32(int.MaxValue);

    public Guid Issue(string agency, Decision decision, DateTimeOffset at)
    {
        var milliseconds = at.ToUnixTimeMilliseconds();
        var sequence = (uint)Interlocked.Increment(ref _sequence) & ((1U << SequenceBits) - 1);
        return Compose(milliseconds, decision, sequence, Mac(agency, decision, milliseconds, sequence));
    }

    /// <summary><paramref name="count"/> ids issued together (consecutive sequences), with one AES call for all their MACs.</summary>
    public Guid[] IssueMany(string agency, Decision decision, DateTimeOffset at, int count)
    {
        var ids = new Guid[count];
        if (count == 0)
        {
            return ids;
        }

        var milliseconds = at.ToUnixTimeMilliseconds();
        var first = (uint)(Interlocked.Add(ref _sequence, count) - count + 1);
        var blocks = new byte[count * BlockBytes];
        for (var i = 0; i < count; i++)
        {
            WriteBlock(blocks.AsSpan(i * BlockBytes, BlockBytes), decision, milliseconds, Sequence(first + (uint)i));
        }

        var encrypted = BlockMacs(agency, blocks);
        for (var i = 0; i < count; i++)
        {
            ids[i] = Compose(milliseconds, decision, Sequence(first + (uint)i), MacOfBlock(encrypted.AsSpan(i * BlockBytes)));
        }

        return ids;
    }

    /// <summary>Whether <paramref name="checkId"/> was issued to <paramref name="agency"/>; if so, its decision and time.</summary>
    public bool TryVerify(Guid checkId, string agency, out Decision decision, out DateTimeOffset at)
    {
        Span<byte> bytes = stackalloc byte[16];
        checkId.TryWriteBytes(bytes, bigEndian: true, out _);
        var milliseconds = BinaryPrimitives.ReadInt64BigEndian(bytes) >>> 16;
        decision = (Decision)(bytes[6] & 0x0F);
        at = default;
        var low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        var sequence = ((uint)bytes[7] << 22) | (uint)((low >> MacBits) & 0x3F_FFFF);
        // 48 bits of milliseconds reach past the year 9999, which no id issued here carries (and DateTimeOffset refuses).
        if ((bytes[6] & 0xF0) != 0x70 || (low >> 62) != 0b10 || !Enum.IsDefined(decision) || milliseconds > MaxMilliseconds)
        {
            return false;
        }

        at = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

        Span<byte> expected = stackalloc byte[8];
        Span<byte> expectedOfBlock = stackalloc byte[8];
        Span<byte> actual = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(expected, Mac(agency, decision, milliseconds, sequence));
        var block = new byte[BlockBytes];
        WriteBlock(block, decision, milliseconds, sequence);
        BinaryPrimitives.WriteUInt64BigEndian(expectedOfBlock, MacOfBlock(BlockMacs(agency, block)));
        BinaryPrimitives.WriteUInt64BigEndian(actual, low & MacMask);
        // Both compared, whichever matches, so the time taken does not tell which MAC an id carries.
        return CryptographicOperations.FixedTimeEquals(expected, actual) | CryptographicOperations.FixedTimeEquals(expectedOfBlock, actual);
    }

    public void Dispose() => _mac.Dispose();

    private static Guid Compose(long milliseconds, Decision decision, uint sequence, ulong mac)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, milliseconds << 16);
        bytes[6] = (byte)(0x70 | (int)decision);
        bytes[7] = (byte)(sequence >> 22);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], (0b10UL << 62) | ((ulong)(sequence & 0x3F_FFFF) << MacBits) | mac);
        return new Guid(bytes, bigEndian: true);
    }

    private static uint Sequence(uint counter) => counter & ((1U << SequenceBits) - 1);

    private static void WriteBlock(Span<byte> block, Decision decision, long milliseconds, uint sequence)
    {
        block.Clear();
        BinaryPrimitives.WriteInt64BigEndian(block, milliseconds);
        block[8] = (byte)decision;
        BinaryPrimitives.WriteUInt32BigEndian(block[9..], sequence);
    }

    private static ulong MacOfBlock(ReadOnlySpan<byte> encrypted) => BinaryPrimitives.ReadUInt64BigEndian(encrypted) >> (64 - MacBits);

    /// <summary><paramref name="blocks"/> encrypted under the agency's block key (AES-256-ECB: each block on its own).</summary>
    private byte[] BlockMacs(string agency, byte[] blocks)
    {
        var key = _blockKeys.GetOrAdd(agency, static (agency, root) => HMACSHA256.HashData(root, Encoding.UTF8.GetBytes(agency)), _blockKeyRoot);
        using var aes = Aes.Create();
        aes.Key = key;
        return aes.EncryptEcb(blocks, PaddingMode.None);
    }

    private ulong Mac(string agency, Decision decision, long milliseconds, uint sequence)
    {
        var maxBytes = 13 + Encoding.UTF8.GetMaxByteCount(agency.Length);
        Span<byte> input = maxBytes <= 256 ? stackalloc byte[256] : new byte[maxBytes];
        BinaryPrimitives.WriteInt64BigEndian(input, milliseconds);
        input[8] = (byte)decision;
        BinaryPrimitives.WriteUInt32BigEndian(input[9..], sequence);
        var length = 13 + Encoding.UTF8.GetBytes(agency, input[13..]);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        _mac.Compute(input[..length], hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash) & MacMask;
    }
}
