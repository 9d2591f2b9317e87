using JointPunishment.Grains.Interfaces.Principals;

namespace JointPunishment.Gateway.Auth;

public static class RegisteredPrincipals
{
    /// <summary>Whether a principal of grain <typeparamref name="TGrain"/> is registered under <paramref name="code"/> (a malformed code never is).</summary>
    public static async Task<bool> ExistsAsync<TGrain>(IGrainFactory grains, string code, Func<string, string> key)
        where TGrain : IPrincipalGrain =>
        ApiKey.CodePattern().IsMatch(code) && await grains.GetGrain<TGrain>(key(code)).GetAsync() is not null;
}
