using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;

namespace JointPunishment.Gateway.Auth;

public static class RegisteredAgencies
{
    /// <summary>Whether an agency is registered under <paramref name="code"/> (a malformed code never is).</summary>
    public static async Task<bool> ExistsAsync(IGrainFactory grains, string code) =>
        ApiKey.CodePattern().IsMatch(code) && await grains.GetGrain<IAgencyGrain>(GrainKeys.Agency(code)).GetAsync() is not null;
}
