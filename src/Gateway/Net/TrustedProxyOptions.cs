namespace JointPunishment.Gateway.Net;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> this gateway believes (section <c>ForwardedHeaders</c>, e.g.
/// <c>ForwardedHeaders__KnownProxies__0=10.0.0.5</c>, <c>ForwardedHeaders__KnownNetworks__0=10.1.0.0/16</c>).
/// Empty by default: nobody's forwarded address is believed, not even a loopback peer's.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR) of trusted proxies.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}
