using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Diagnostics;

namespace JointPunishment.Grains.Diagnostics;

public sealed class StorageProbeGrain(
    [PersistentState("state", StorageNames.Main)] IPersistentState<StorageProbeState> state)
    : Grain, IStorageProbeGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GrainKeys.EnsurePrefixed(this.GetPrimaryKeyString(), GrainKeys.StorageProbePrefix);
        return Task.CompletedTask;
    }

    public async Task WriteAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<string?> ReadAsync() => Task.FromResult(state.State.Value);

    public Task<ActivationHost> GetHostAsync() => Task.FromResult(new ActivationHost(RuntimeIdentity, Environment.ProcessId));
}
