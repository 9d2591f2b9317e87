using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using JointPunishment.Gateway.Extensions;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace JointPunishment.Gateway.Auth;

/// <summary>
/// Resolves the bearer key of a request to a <see cref="Caller"/>. Verified keys are remembered for a few
/// seconds (by their hash, never in clear) so that a railway's check costs one grain call, not two. A rotation
/// or revocation reaches this gateway through <see cref="KeyEventsSubscription"/> and invalidates what it
/// remembered of that principal at once; the cache lifetime only bounds a gateway that missed the event.
/// </summary>
public sealed class CallerAuthenticator(ClusterConnection cluster, IOptions<OperatorOptions> operatorOptions, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly byte[] _operatorKey = Encoding.UTF8.GetBytes(operatorOptions.Value.Key);
    private readonly ConcurrentDictionary<string, int> _generations = new(StringComparer.Ordinal);

    /// <summary>Forgets every verified key of <paramref name="principalKey"/> (a grain key such as <c>agency:rail</c>).</summary>
    public void Evict(string principalKey) => _generations.AddOrUpdate(principalKey, 1, (_, g) => g + 1);

    /// <summary>Whether <paramref name="key"/> is the operator's key (compared in constant time).</summary>
    public bool IsOperatorKey(string key) =>
        _operatorKey.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), _operatorKey);

    public async Task<Caller?> AuthenticateAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var key = header["Bearer ".Length..].Trim();
        if (key.Length is 0 or > 256)
        {
            return null;
        }

        if (IsOperatorKey(key))
        {
            return new Caller(CallerRole.Operator, "operator", []);
        }

        if (!ApiKey.TryParse(key, out var prefix, out var code, out var secret))
        {
            return null;
        }

        var cacheKey = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var principalKey = prefix switch
        {
            ApiKey.AgencyPrefix => GrainKeys.Agency(code),
            ApiKey.CourtPrefix => GrainKeys.Court(code),
            _ => GrainKeys.Consumer(code),
        };
        var generation = _generations.GetValueOrDefault(principalKey);
        if (cache.TryGetValue(cacheKey, out (Caller Caller, int Generation) cached) && cached.Generation == generation)
        {
            return cached.Caller;
        }

        var grains = cluster.Client;
        IPrincipalGrain principal = prefix switch
        {
            ApiKey.AgencyPrefix => grains.GetGrain<IAgencyGrain>(principalKey),
            ApiKey.CourtPrefix => grains.GetGrain<ICourtGrain>(principalKey),
            _ => grains.GetGrain<IConsumerGrain>(principalKey),
        };
        var info = await principal.AuthenticateAsync(secret);
        if (info is null || RoleOf(prefix, info) is not { } role)
        {
            return null;
        }

        var caller = new Caller(role, info.Code, info.Measures);
        cache.Set(cacheKey, (caller, generation), CacheFor);
        return caller;
    }

    /// <summary>The role a verified key acts in: its prefix's, and for a feed consumer the role it was registered with.</summary>
    private static CallerRole? RoleOf(string prefix, PrincipalInfo info) => prefix switch
    {
        ApiKey.AgencyPrefix => CallerRole.Agency,
        ApiKey.CourtPrefix => CallerRole.Court,
        _ => info.ConsumerRole switch
        {
            ConsumerRole.CreditPlatform => CallerRole.CreditPlatform,
            ConsumerRole.Node => CallerRole.Node,
            _ => null,
        },
    };
}
