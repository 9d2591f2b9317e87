namespace JointPunishment.Grains.Interfaces.Principals;

/// <summary>A joint-punishment agency (key <c>agency:{code}</c>) holding a set of measures.</summary>
public interface IAgencyGrain : IPrincipalGrain;
