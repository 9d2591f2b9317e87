using JointPunishment.Gateway.Extensions;
using JointPunishment.Grains.Interfaces.Principals;
using JointPunishment.Gateway.Telemetry;

namespace JointPunishment.Gateway.Auth;

/// <summary>
/// Keeps this gateway subscribed to key rotations and revocations (<see cref="IKeyEventsGrain"/>), so a key the
/// operator revokes stops working here before the operator's request returns, not only when the cache expires.
/// </summary>
public sealed partial class KeyEventsSubscription(ClusterConnection cluster, CallerAuthenticator authenticator, ILogger<KeyEventsSubscription> logger)
    : BackgroundService, IKeyEventsObserver
{
    /// <summary>How often the subscription is renewed; the grain drops subscribers silent for three times as long.</summary>
    public static readonly TimeSpan Renew = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IClusterClient? _client;

    /// <summary>Completes once this gateway first hears of key changes (readiness for tests and health).</summary>
    public Task Subscribed => _subscribed.Task;
    private IKeyEventsObserver? _reference;

    public Task KeyChangedAsync(string principalKey)
    {
        authenticator.Evict(principalKey);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Renew;
            try
            {
                var client = cluster.Client;
                if (!ReferenceEquals(client, _client))
                {
                    // A rebuilt client needs a new object reference; the old one died with its client.
                    _reference = client.CreateObjectReference<IKeyEventsObserver>(this);
                    _client = client;
                }

                await client.GetGrain<IKeyEventsGrain>(0).SubscribeAsync(_reference!);
                _subscribed.TrySetResult();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSubscribeFailed(ex);
                wait = TimeSpan.FromSeconds(2);
            }

            await Task.Delay(wait, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    [LoggerMessage(EventId = GatewayEventIds.KeyEventsSubscribeFailed, Level = LogLevel.Debug, Message = "Subscribing to key changes failed; retrying (cached keys still expire on their own)")]
    private partial void LogSubscribeFailed(Exception exception);
}
