using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace JointPunishment.Integration.Tests.Infrastructure;

/// <summary>Throwaway certificates for TLS tests, made with <see cref="CertificateRequest"/>.</summary>
public static class TestCertificates
{
    public const string Password = "test-password";

    /// <summary>A self-signed cluster certificate written as a PFX file; the <c>Tls:*</c> settings that use it.</summary>
    public static Dictionary<string, string?> SelfSignedTlsSettings(string name)
    {
        using var certificate = SelfSigned(name);
        var path = Path.Combine(Path.GetTempPath(), $"jp-tls-{name}-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return new Dictionary<string, string?>
        {
            ["Tls:Mode"] = "on",
            ["Tls:CertificatePath"] = path,
            ["Tls:CertificatePassword"] = Password,
        };
    }

    /// <summary>
    /// Writes <paramref name="certificate"/> as PEM files, as an operator hands them over: the certificate, and its key
    /// when <paramref name="withKey"/>. Returns the paths (the key's is null without it).
    /// </summary>
    public static (string Certificate, string? Key) WritePem(X509Certificate2 certificate, string name, bool withKey)
    {
        var stem = Path.Combine(Path.GetTempPath(), $"jp-tls-{name}-{Guid.NewGuid():N}");
        File.WriteAllText(stem + ".crt", certificate.ExportCertificatePem());
        if (!withKey)
        {
            return (stem + ".crt", null);
        }

        using var key = certificate.GetRSAPrivateKey() ?? throw new InvalidOperationException($"{name} has no RSA private key.");
        File.WriteAllText(stem + ".key", key.ExportPkcs8PrivateKeyPem());
        return (stem + ".crt", stem + ".key");
    }

    public static X509Certificate2 SelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var request = Request(name, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
    }

    /// <summary>A leaf certificate issued by <paramref name="authority"/> (which must carry its private key).</summary>
    public static X509Certificate2 IssuedBy(X509Certificate2 authority, string name)
    {
        using var key = RSA.Create(2048);
        var request = Request(name, key);
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), Guid.NewGuid().ToByteArray());
        return issued.CopyWithPrivateKey(key);
    }

    private static CertificateRequest Request(string name, RSA key)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, critical: false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        return request;
    }
}
