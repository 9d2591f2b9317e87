using System.Collections.Immutable;
using Orleans.Concurrency;

namespace JointPunishment.Grains.Interfaces.Principals;

/// <summary>An API client of the platform (agency or court): registered once by the operator, authenticated by key.</summary>
public interface IPrincipalGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the principal with a fresh key secret; false when the code is already taken. <paramref name="higherCourt"/>
    /// is, for a court, the registered court that hears reconsideration of its dismissals (四(二)3); null for agencies.
    /// </summary>
    Task<bool> RegisterAsync(string name, ImmutableArray<string> measures, string keySecret, string? higherCourt);

    /// <summary>The principal when <paramref name="keySecret"/> is its current key, otherwise null.</summary>
    [ReadOnly]
    Task<PrincipalInfo?> AuthenticateAsync(string keySecret);

    /// <summary>The principal, or null when it is not registered or its key is revoked.</summary>
    [ReadOnly]
    Task<PrincipalInfo?> GetAsync();

    /// <summary>Replaces the key (the old one stops working at once); also reinstates a revoked principal. False when not registered.</summary>
    Task<bool> RotateKeyAsync(string keySecret);

    /// <summary>Revokes the key: nothing authenticates as this principal until the key is rotated. False when not registered.</summary>
    Task<bool> RevokeAsync();
}
