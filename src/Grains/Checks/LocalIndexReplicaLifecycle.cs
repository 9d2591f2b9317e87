using Orleans.Runtime;

namespace JointPunishment.Grains.Checks;

/// <summary>Follows the index shards while the silo is active.</summary>
public sealed class LocalIndexReplicaLifecycle(LocalIndexReplica replica, IGrainFactory grains) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _following = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LocalIndexReplica), ServiceLifecycleStage.Active, _ =>
        {
            _following = Task.Run(() => replica.RunAsync(grains, _stopping.Token));
            return Task.CompletedTask;
        }, async _ =>
        {
            await _stopping.CancelAsync();
            await _following.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        });
}
