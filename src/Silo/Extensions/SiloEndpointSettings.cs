using System.Net;
using System.Net.Sockets;

namespace JointPunishment.Silo.Extensions;

/// <summary>
/// Where the silo listens and what it advertises in the membership table (section <c>Silo:Endpoints</c>).
/// Port 0 picks a free port, so several silos can start on one machine without coordination.
/// </summary>
public sealed class SiloEndpointSettings
{
    public const string Section = "Silo:Endpoints";

    public string AdvertisedAddress { get; set; } = IPAddress.Loopback.ToString();

    /// <summary>Listen on every interface instead of only the advertised address (hosts behind NAT, containers).</summary>
    public bool ListenOnAnyAddress { get; set; }

    public int SiloPort { get; set; }

    public int GatewayPort { get; set; }

    public static int ResolvePort(int configured)
    {
        if (configured != 0)
        {
            return configured;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
