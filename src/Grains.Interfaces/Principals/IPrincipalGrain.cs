using System.Collections.Immutable;
using Orleans.Concurrency;

namespace JointPunishment.Grains.Interfaces.Principals;

/// <summary>An API client of the platform (agency or court): registered once by the operator, authenticated by key.</summary>
public interface IPrincipalGrain : IGrainWithStringKey
{
    /// <summary>Registers the principal with a fresh key secret; false when the code is already taken.</summary>
    Task<bool> RegisterAsync(string name, ImmutableArray<string> measures, string keySecret);

    /// <summary>
    /// Replaces the key with a fresh key secret (rotation); the old key stops working at once here and within the
    /// gateways' few seconds of caching. False when no principal is registered under this code.
    /// </summary>
    Task<bool> ReplaceKeyAsync(string keySecret);

    /// <summary>The principal when <paramref name="keySecret"/> is its current key, otherwise null.</summary>
    [ReadOnly]
    Task<PrincipalInfo?> AuthenticateAsync(string keySecret);

    [ReadOnly]
    Task<PrincipalInfo?> GetAsync();
}
