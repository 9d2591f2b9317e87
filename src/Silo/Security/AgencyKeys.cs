using System.Security.Cryptography;
using System.Text;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;
using Microsoft.Extensions.Caching.Memory;

namespace JointPunishment.Silo.Security;

/// <summary>
/// Verifies the API key an agency's own gateway sends with its calls (<c>jpa.{code}.{secret}</c>, the key the operator
/// issued for HTTP), against the salted hash in the agency's principal grain, as the HTTP gateway does. Verdicts are
/// remembered by the key's hash, never the key, for <see cref="CacheFor"/>: a railway's check costs one grain call, not
/// two, and guessing keys activates no grain more than once in that time. A rotated or revoked key is refused on every
/// silo at the latest <see cref="CacheFor"/> after the change.
/// </summary>
public sealed class AgencyKeys(IGrainFactory grains) : IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private const string Prefix = "jpa.";
    private readonly MemoryCache _verdicts = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    /// <summary>The code of the agency whose current key <paramref name="key"/> is, or null.</summary>
    public async Task<string?> VerifyAsync(string key)
    {
        if (key.Length is <= 4 or > 256 || !key.StartsWith(Prefix, StringComparison.Ordinal) || key.LastIndexOf('.') is var last && last <= Prefix.Length)
        {
            return null;
        }

        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        if (_verdicts.TryGetValue(hash, out string? verdict))
        {
            return verdict is { Length: > 0 } ? verdict : null;
        }

        var code = key[Prefix.Length..last];
        var agency = await grains.GetGrain<IAgencyGrain>(GrainKeys.Agency(code)).AuthenticateAsync(key[(last + 1)..]);
        var verified = agency?.Code ?? "";
        _verdicts.Set(hash, verified, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = CacheFor });
        return verified.Length == 0 ? null : verified;
    }

    public void Dispose() => _verdicts.Dispose();
}
