using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Domain.Lifecycle;

/// <summary>The new state of a case after an event, or why the lifecycle refuses the event.</summary>
public readonly record struct LifecycleResult(Listing? Listing, string? Rejection)
{
    public bool IsRejected => Rejection is not null;

    public static LifecycleResult Accept(Listing listing) => new(listing, null);

    public static LifecycleResult Reject(string reason) => new(null, reason);
}
