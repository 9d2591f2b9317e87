using System.Security.Cryptography;

namespace JointPunishment.Grains.Keys;

/// <summary>
/// HMAC-SHA256 under one key, for the hot paths that hash every subject of every check. The one-shot
/// <see cref="HMACSHA256.HashData(byte[], byte[])"/> sets up and tears down an OpenSSL MAC context per call, which
/// a CPU profile of batch checks showed as most of the silo's work; one <see cref="HMACSHA256"/> per thread keeps
/// its context and measured about 4× cheaper. Instances are not thread-safe, hence one per thread.
/// </summary>
public sealed class KeyedHash(byte[] key) : IDisposable
{
    private readonly ThreadLocal<HMACSHA256> _perThread = new(() => new HMACSHA256(key), trackAllValues: true);

    /// <summary>Writes the 32-byte MAC of <paramref name="data"/> to <paramref name="destination"/>.</summary>
    public void Compute(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (!_perThread.Value!.TryComputeHash(data, destination, out _))
        {
            throw new ArgumentException("needs room for 32 bytes", nameof(destination));
        }
    }

    public void Dispose()
    {
        foreach (var hmac in _perThread.Values)
        {
            hmac.Dispose();
        }

        _perThread.Dispose();
    }
}
