using System.Net;
using System.Net.Sockets;

namespace JointPunishment.Integration.Tests.Infrastructure;

/// <summary>Free TCP ports on the loopback interface, for servers a test starts on a real port.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
