using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;

namespace JointPunishment.Gateway.Auth;

public static class RegisteredAgencies
{
    /// <summary>Whether an agency is registered under <paramref name="code"/> (a malformed code never is).</summary>
    public static Task<bool> ExistsAsync(IGrainFactory grains, string code) =>
        RegisteredPrincipals.ExistsAsync<IAgencyGrain>(grains, code, GrainKeys.Agency);
}
