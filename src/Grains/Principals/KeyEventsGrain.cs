using JointPunishment.Grains.Diagnostics;
using JointPunishment.Grains.Interfaces.Principals;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace JointPunishment.Grains.Principals;

/// <summary>Fan-out of key changes to the gateways, with Orleans' <see cref="ObserverManager{TObserver}"/> expiring silent subscribers.</summary>
/// <remarks>
/// The gateways are told at once and in parallel, each given at most <see cref="NotifyTimeout"/>: a gateway that stopped
/// without unsubscribing would otherwise hold every registration, rotation and revocation for a call's timeout (30 s),
/// and the operator's request would fail. Waiting longer gains nothing: a gateway forgets a verified key by itself after
/// <c>CallerAuthenticator</c>'s cache lifetime (5 s). A gateway that did not answer in time is dropped until it renews.
/// </remarks>
public sealed partial class KeyEventsGrain(ILogger<KeyEventsGrain> logger) : Grain, IKeyEventsGrain
{
    /// <summary>How long a key change waits for one gateway.</summary>
    public static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Gateways renew every <c>KeyEventsSubscription.Renew</c> (30 s); three missed renewals drop them.</summary>
    private readonly ObserverManager<IKeyEventsObserver> _observers = new(TimeSpan.FromSeconds(90), logger);

    public Task SubscribeAsync(IKeyEventsObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public async Task PublishAsync(string principalKey)
    {
        _observers.ClearExpired();
        var observers = _observers.Observers.Values.ToList();
        var calls = observers.Select(o => o.KeyChangedAsync(principalKey).WaitAsync(NotifyTimeout)).ToList();
        try
        {
            await Task.WhenAll(calls);
        }
        catch (Exception)
        {
            // Each failure is looked at below: the gateways that failed are dropped, the others were told.
        }

        for (var i = 0; i < calls.Count; i++)
        {
            if (calls[i].Exception is { } failure)
            {
                LogGatewayDropped(logger, failure.InnerException?.GetType().Name);
                _observers.Unsubscribe(observers[i]);
            }
        }
    }

    [LoggerMessage(EventId = GrainsEventIds.KeyEventsGatewayDropped, Level = LogLevel.Warning,
        Message = "A gateway did not take a key change ({Failure}); it is dropped until it subscribes again")]
    private static partial void LogGatewayDropped(ILogger logger, string? failure);
}
