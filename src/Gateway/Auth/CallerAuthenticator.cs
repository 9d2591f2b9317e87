using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using JointPunishment.Gateway.Extensions;
using JointPunishment.Gateway.Telemetry;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using JointPunishment.Storage.Settings;

namespace JointPunishment.Gateway.Auth;

/// <summary>
/// Resolves the bearer key of a request to a <see cref="Caller"/>. Verified keys are remembered for a few
/// seconds (by their hash, never in clear) so that a railway's check costs one grain call, not two. A rotation
/// or revocation reaches this gateway through <see cref="KeyEventsSubscription"/> and invalidates what it
/// remembered of that principal at once; the cache lifetime only bounds a gateway that missed the event.
/// Refusals are remembered too, in a bounded cache of their own: a code with no principal (so that guessing keys
/// activates no grain for it again) and a wrong key of a known principal. A registration or rotation is a key
/// event like a revocation, so a code refused a moment ago works as soon as the operator has its key.
/// </summary>
public sealed class CallerAuthenticator(ClusterConnection cluster, IOptions<OperatorOptions> operatorOptions, IMemoryCache cache, GatewayMetrics metrics)
    : IDisposable
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RefuseFor = TimeSpan.FromSeconds(30);
    private readonly MemoryCache _refused = new(new MemoryCacheOptions { SizeLimit = 10_000 });
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
            metrics.KeyLookedUp(fromCluster: false, accepted: true);
            return cached.Caller;
        }

        if (WasRefused(principalKey, generation) || WasRefused(cacheKey, generation))
        {
            metrics.KeyLookedUp(fromCluster: false, accepted: false);
            return null;
        }

        var grains = cluster.Client;
        IPrincipalGrain principal = prefix switch
        {
            ApiKey.AgencyPrefix => grains.GetGrain<IAgencyGrain>(principalKey),
            ApiKey.CourtPrefix => grains.GetGrain<ICourtGrain>(principalKey),
            _ => grains.GetGrain<IConsumerGrain>(principalKey),
        };
        var info = await principal.AuthenticateAsync(secret);
        var role = info is null ? null : RoleOf(prefix, info);
        metrics.KeyLookedUp(fromCluster: true, accepted: role is not null);
        if (info is null || role is null)
        {
            // Remember what was wrong: the whole code when nothing is registered (or active) under it, else this key.
            Refuse(await principal.GetAsync() is null ? principalKey : cacheKey, generation);
            return null;
        }

        var caller = new Caller(role.Value, info.Code, info.Measures);
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

    public void Dispose() => _refused.Dispose();

    private bool WasRefused(string key, int generation) => _refused.TryGetValue(key, out int refusedAt) && refusedAt == generation;

    private void Refuse(string key, int generation) =>
        _refused.Set(key, generation, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = RefuseFor });
}
