namespace JointPunishment.Grains.Interfaces.Principals;

/// <summary>
/// A system that reads feeds which are not public (key <c>consumer:{code}</c>): the public credit information system
/// or a downstream node. Registered by the operator with one <see cref="ConsumerRole"/>; authenticated by key like
/// agencies and courts, whose keys it never shares.
/// </summary>
public interface IConsumerGrain : IPrincipalGrain
{
    /// <summary>Registers the consumer with its role and a fresh key secret; false when the code is already taken.</summary>
    Task<bool> RegisterConsumerAsync(string name, ConsumerRole role, string keySecret);
}
