using Orleans.Concurrency;

namespace JointPunishment.Grains.Interfaces.Principals;

/// <summary>An enforcement court (key <c>court:{code}</c>) that pushes listing events.</summary>
public interface ICourtGrain : IPrincipalGrain
{
    /// <summary>
    /// The court that hears reconsideration of this court's dismissals (四(二)3), or null when none was registered. Answered
    /// also while this court's key is revoked: a revoked key stops the court sending, not its cases' due process.
    /// </summary>
    [ReadOnly]
    Task<string?> GetHigherCourtAsync();
}
