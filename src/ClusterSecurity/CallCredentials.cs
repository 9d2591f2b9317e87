using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Orleans.Hosting;

namespace JointPunishment.ClusterSecurity;

/// <summary>
/// What every grain call carries to say who makes it (docs/security.md, "Agencies' Orleans clients"): the platform
/// credential, which only the platform's own hosts can compute (silos, the HTTP gateway, the bench), or an agency's API
/// key. Silos refuse a call that carries neither; an agency's key opens only the check surface, for that agency.
/// Both travel in the call's request context, inside the TLS connection.
/// </summary>
public static class CallCredentials
{
    /// <summary>Request context key of the platform credential.</summary>
    public const string PlatformKey = "jp.platform";

    /// <summary>Request context key of an agency's API key (<c>jpa.{code}.{secret}</c>).</summary>
    public const string AgencyKey = "jp.agency";

    /// <summary>The configuration key of the secret the platform credential is derived from (every platform host has it).</summary>
    public const string SecretSetting = "JP_STORAGE_KEY";

    /// <summary>
    /// The platform credential: a MAC of a fixed label under the storage secret, so that a host that has the secret has
    /// it and no request ever carries the secret itself.
    /// </summary>
    public static string PlatformCredential(IConfiguration configuration)
    {
        var secret = configuration[SecretSetting] ?? "";
        if (secret.Length < 16)
        {
            throw new InvalidOperationException($"{SecretSetting} must be set to the platform's storage secret (at least 16 characters): platform hosts prove themselves to the silos with a credential derived from it.");
        }

        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), "jp.platform-call.v1"u8));
    }

    /// <summary>Every call of this platform host (the HTTP gateway, the bench) carries the platform credential.</summary>
    public static IClientBuilder UsePlatformCredential(this IClientBuilder client, IConfiguration configuration) =>
        client.AddOutgoingGrainCallFilter(new CredentialStamp(PlatformKey, PlatformCredential(configuration)));

    /// <summary>Every call a silo's grains and services make carries the platform credential.</summary>
    public static ISiloBuilder UsePlatformCredential(this ISiloBuilder silo, IConfiguration configuration) =>
        silo.AddOutgoingGrainCallFilter(new CredentialStamp(PlatformKey, PlatformCredential(configuration)));

    /// <summary>Every call of an agency's own gateway carries the agency's API key, which the silos verify.</summary>
    public static IClientBuilder UseAgencyKey(this IClientBuilder client, string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        return client.AddOutgoingGrainCallFilter(new CredentialStamp(AgencyKey, apiKey));
    }
}
