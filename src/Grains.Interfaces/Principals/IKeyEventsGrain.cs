namespace JointPunishment.Grains.Interfaces.Principals;

/// <summary>
/// Relays key rotations and revocations to every subscribed gateway (key 0). Subscriptions live in memory and
/// expire unless renewed, so gateways renew them periodically; a gateway that missed an event still drops its
/// cached key within its cache lifetime.
/// </summary>
public interface IKeyEventsGrain : IGrainWithIntegerKey
{
    /// <summary>Subscribes or renews <paramref name="observer"/>.</summary>
    Task SubscribeAsync(IKeyEventsObserver observer);

    /// <summary>Tells every subscribed gateway; completes when each has been told or has failed.</summary>
    Task PublishAsync(string principalKey);
}
