using System.Net;
using System.Net.Sockets;

namespace JointPunishment.Gateway.Net;

/// <summary>
/// The partition a client is rate-limited under: its IPv4 address, or the /64 of an IPv6 one. An IPv6 subscriber is
/// routinely given a whole /64, so limiting per address would give it 2^64 budgets. Behind a trusted proxy this is
/// the forwarded client address (see <see cref="TrustedProxies"/>).
/// </summary>
public static class ClientAddress
{
    public static string PartitionOf(HttpContext http) => PartitionOf(http.Connection.RemoteIpAddress);

    public static string PartitionOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return $"{new IPAddress(bytes)}/64";
    }
}
