namespace JointPunishment.Grains.Checks;

/// <summary>
/// What a new activation of an index shard takes over: its <paramref name="Epoch"/> (fencing earlier activations) and
/// how long leases granted before it may still run, on the store's clock (negative once the horizon has passed).
/// </summary>
public sealed record LeaseHorizon(long Epoch, TimeSpan Remaining);
