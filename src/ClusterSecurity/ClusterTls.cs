using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace JointPunishment.ClusterSecurity;

/// <summary>
/// Transport security between silos and clients: TLS with mutual authentication through
/// Microsoft.Orleans.Connections.Security. A peer is accepted when it presents the configured cluster
/// certificate itself or one issued by the configured CA; publicly trusted certificates are not enough.
/// </summary>
public static class ClusterTls
{
    /// <summary>
    /// The certificate this process presents, or <see langword="null"/> when TLS is off; throws when TLS is
    /// required (<c>Tls:Mode</c> = <c>on</c>, or any environment but Development) and no certificate is configured.
    /// </summary>
    public static X509Certificate2? LoadCertificate(IConfiguration configuration, bool isDevelopment)
    {
        var settings = Settings(configuration);
        var mode = string.IsNullOrWhiteSpace(settings.Mode) ? "auto" : settings.Mode.Trim().ToLowerInvariant();
        if (mode is not ("on" or "off" or "auto"))
        {
            throw new InvalidOperationException($"Tls:Mode must be on, off or auto, not '{settings.Mode}'.");
        }

        if (mode == "off")
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            return mode == "auto" && isDevelopment
                ? null
                : throw new InvalidOperationException(
                    "TLS between silos and clients is required (Tls:Mode=on, or an environment other than Development) but no certificate is configured: " +
                    "set Tls:CertificatePath (a .pfx, or a PEM certificate with Tls:KeyPath) and Tls:CertificatePassword if it has one " +
                    "(environment variables Tls__CertificatePath, Tls__KeyPath, Tls__CertificatePassword). ./run.sh generates one into JP_DATA_DIR/secrets. " +
                    "Only for local development: Tls:Mode=off or DOTNET_ENVIRONMENT=Development.");
        }

        return Load(settings);
    }

    /// <summary>
    /// TLS on a silo's silo-to-silo and gateway endpoints, when <see cref="LoadCertificate"/> gives a certificate. Peers on
    /// the silo endpoint must be cluster members; the gateway endpoint also admits agencies' clients presenting a
    /// certificate issued by the agency CA (<c>Tls:AgencyCaPath</c>), which is never a cluster member's.
    /// </summary>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, IConfiguration configuration, bool isDevelopment)
    {
        if (LoadCertificate(configuration, isDevelopment) is { } certificate)
        {
            var trust = TrustedAuthority(configuration);
            var agencies = AgencyAuthority(configuration, certificate, trust);
            var members = Options(certificate, remote => IsClusterMember(remote, certificate, trust) && !IsIssuedBy(remote, agencies));
            var gateway = agencies is null ? members : Options(certificate, remote => IsClusterMember(remote, certificate, trust) || IsIssuedBy(remote, agencies));
            silo.Configure<SiloConnectionOptions>(o =>
            {
                o.ConfigureSiloInboundConnection(connection => connection.UseServerTls(members));
                o.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(members));
                o.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(gateway));
            });
        }

        return silo;
    }

    /// <summary>TLS on an Orleans client's connections to silo gateways, when <see cref="LoadCertificate"/> gives a certificate.</summary>
    public static IClientBuilder UseClusterTls(this IClientBuilder client, IConfiguration configuration, bool isDevelopment)
    {
        if (LoadCertificate(configuration, isDevelopment) is { } certificate)
        {
            var trust = TrustedAuthority(configuration);
            client.UseTls(certificate, o => Configure(o, certificate, trust));
        }

        return client;
    }

    /// <summary>Whether <paramref name="remote"/> belongs to the cluster: the same certificate as <paramref name="local"/>, or issued by <paramref name="authority"/>.</summary>
    public static bool IsClusterMember(X509Certificate2 remote, X509Certificate2 local, X509Certificate2? authority) =>
        remote.RawDataMemory.Span.SequenceEqual(local.RawDataMemory.Span) || IsIssuedBy(remote, authority);

    /// <summary>Whether <paramref name="remote"/> chains to <paramref name="authority"/> (never when there is none).</summary>
    public static bool IsIssuedBy(X509Certificate2 remote, X509Certificate2? authority)
    {
        if (authority is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(remote);
    }

    private static void Configure(TlsOptions options, X509Certificate2 certificate, X509Certificate2? authority) =>
        Configure(options, certificate, remote => IsClusterMember(remote, certificate, authority));

    private static TlsOptions Options(X509Certificate2 certificate, Func<X509Certificate2, bool> accept)
    {
        var options = new TlsOptions();
        Configure(options, certificate, accept);
        return options;
    }

    private static void Configure(TlsOptions options, X509Certificate2 certificate, Func<X509Certificate2, bool> accept)
    {
        options.LocalCertificate = certificate;
        // Mutual authentication: a silo demands a certificate from every client and silo that connects.
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // Cluster members are addressed by IP and trust is pinned to the cluster certificate or CA, not to names
        // or the machine's public roots: SslStream's own verdict (sslPolicyErrors) is replaced, not combined.
        options.RemoteCertificateValidation = (remote, _, _) => remote is not null && accept(remote);
    }

    /// <summary>
    /// The agency CA (<c>Tls:AgencyCaPath</c>), or null. It must be a CA of its own: were it the cluster's, an agency's
    /// certificate would let its holder join the cluster as a silo.
    /// </summary>
    private static X509Certificate2? AgencyAuthority(IConfiguration configuration, X509Certificate2 certificate, X509Certificate2? trust)
    {
        if (Settings(configuration).AgencyCaPath is not { Length: > 0 } path)
        {
            return null;
        }

        var authority = X509CertificateLoader.LoadCertificateFromFile(path);
        if (IsIssuedBy(certificate, authority) || (trust is not null && IsIssuedBy(trust, authority))
            || IsClusterMember(authority, certificate, trust))
        {
            throw new InvalidOperationException(
                "Tls:AgencyCaPath must be a CA of its own, not the cluster certificate, its CA (Tls:CaPath) or their issuer: agencies' certificates must never be accepted as cluster members'.");
        }

        return authority;
    }

    private static X509Certificate2 Load(ClusterTlsSettings settings)
    {
        var path = settings.CertificatePath!;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Tls:CertificatePath '{path}' does not exist.");
        }

        if (!string.IsNullOrWhiteSpace(settings.KeyPath))
        {
            using var pem = string.IsNullOrEmpty(settings.CertificatePassword)
                ? X509Certificate2.CreateFromPemFile(path, settings.KeyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, settings.CertificatePassword, settings.KeyPath);
            // Round-trip through PKCS#12 so that SslStream gets a certificate whose key it can use on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword);
    }

    private static X509Certificate2? TrustedAuthority(IConfiguration configuration) =>
        Settings(configuration).CaPath is { Length: > 0 } caPath ? X509CertificateLoader.LoadCertificateFromFile(caPath) : null;

    private static ClusterTlsSettings Settings(IConfiguration configuration) =>
        configuration.GetSection(ClusterTlsSettings.Section).Get<ClusterTlsSettings>() ?? new();
}
