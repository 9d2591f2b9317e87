namespace JointPunishment.Grains.Interfaces.Principals;

/// <summary>An enforcement court (key <c>court:{code}</c>) that pushes listing events.</summary>
public interface ICourtGrain : IPrincipalGrain;
