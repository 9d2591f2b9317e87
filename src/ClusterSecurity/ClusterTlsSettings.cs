namespace JointPunishment.ClusterSecurity;

/// <summary>
/// The <c>Tls</c> configuration section: the cluster certificate silos and clients present to each other
/// (and the gateway serves HTTPS with when its URL is <c>https://</c>).
/// </summary>
public sealed class ClusterTlsSettings
{
    public const string Section = "Tls";

    /// <summary>
    /// <c>on</c> (TLS, a certificate is required), <c>off</c> (plain TCP), or empty/<c>auto</c>: TLS whenever a
    /// certificate is configured, and a certificate is required outside the Development environment.
    /// </summary>
    public string Mode { get; set; } = "auto";

    /// <summary>A PKCS#12 file (<c>.pfx</c>) or a PEM certificate (then <see cref="KeyPath"/> names its private key).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PFX file or of an encrypted PEM key.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// A PEM CA certificate: peers whose certificate chains to it are accepted. Without it only peers presenting the
    /// very certificate this process presents (one shared cluster certificate) are accepted.
    /// </summary>
    public string? CaPath { get; set; }

    /// <summary>
    /// Silos only: a PEM CA whose certificates (one per agency, issued by the operator) admit an agency's own gateway to
    /// the silos' gateway endpoint, never to the silo-to-silo endpoint. What an agency may call is decided per call by
    /// its API key (docs/security.md, "Agencies' Orleans clients"). Must not be the cluster's CA.
    /// </summary>
    public string? AgencyCaPath { get; set; }
}
