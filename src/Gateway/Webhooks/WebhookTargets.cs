using System.Net;
using System.Net.Sockets;

namespace JointPunishment.Gateway.Webhooks;

/// <summary>
/// Where the gateway may send webhooks (CONTRACT.md, Additions): https only and no loopback, private or link-local
/// address, unless <see cref="WebhookOptions.AllowHttp"/> / <see cref="WebhookOptions.AllowPrivateAddresses"/> say
/// otherwise. Checked when a URL is registered and again on every connection (see <see cref="ConnectAsync"/>), since a
/// name that resolved to a public address at registration may resolve to an internal one later (DNS rebinding).
/// </summary>
public static class WebhookTargets
{
    /// <summary>What a webhook URL that is not an absolute http(s) URL is told (also the URL attribute's message on request records).</summary>
    public const string NotAbsoluteHttps = "must be an absolute https URL";

    /// <summary>Why <paramref name="url"/> may not be a webhook, or null when it may (its host is resolved).</summary>
    public static async Task<string?> RefusalAsync(string url, WebhookOptions options, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return NotAbsoluteHttps;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !options.AllowHttp)
        {
            return "must be an https URL";
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return "names a host that does not resolve";
        }

        return addresses.Length == 0 ? "names a host that does not resolve"
            : addresses.All(a => IsAllowed(a, options)) ? null
            : "must not point to a loopback, private or link-local address";
    }

    /// <summary>Whether a webhook may connect to <paramref name="address"/>.</summary>
    public static bool IsAllowed(IPAddress address, WebhookOptions options)
    {
        if (options.AllowPrivateAddresses)
        {
            return true;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 10 || b[0] == 0 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && (b[1] & 0xC0) == 64) || b[0] >= 224);
        }

        // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 site-local, ff00::/8 multicast.
        var first = address.GetAddressBytes();
        return !((first[0] & 0xFE) == 0xFC || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast);
    }

    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host itself and connects only to an allowed
    /// address, so the check holds for the address actually connected to.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, WebhookOptions options, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(a => IsAllowed(a, options)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"{host} resolves to no address a webhook may be sent to (loopback, private and link-local are refused)");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
