using JointPunishment.Grains.Interfaces.Principals;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace JointPunishment.Grains.Principals;

/// <summary>Fan-out of key changes to the gateways, with Orleans' <see cref="ObserverManager{TObserver}"/> expiring silent subscribers.</summary>
public sealed class KeyEventsGrain(ILogger<KeyEventsGrain> logger) : Grain, IKeyEventsGrain
{
    /// <summary>Gateways renew every <c>KeyEventsSubscription.Renew</c> (30 s); three missed renewals drop them.</summary>
    private readonly ObserverManager<IKeyEventsObserver> _observers = new(TimeSpan.FromSeconds(90), logger);

    public Task SubscribeAsync(IKeyEventsObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task PublishAsync(string principalKey) => _observers.Notify(o => o.KeyChangedAsync(principalKey));
}
