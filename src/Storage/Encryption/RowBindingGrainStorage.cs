using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace JointPunishment.Storage.Encryption;

/// <summary>
/// Wraps a grain storage provider so that, for the length of each call, <see cref="GrainStateRow.Current"/> names the
/// row being read or written: the provider's serializer (<see cref="EncryptingGrainStorageSerializer"/>) seals and
/// opens each payload for that row. Forwards the silo lifecycle to the provider it wraps.
/// </summary>
public sealed class RowBindingGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStateRow.Current = GrainStateRow.For(stateName, grainId);
        await inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStateRow.Current = GrainStateRow.For(stateName, grainId);
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStateRow.Current = GrainStateRow.For(stateName, grainId);
        await inner.ClearStateAsync(stateName, grainId, grainState);
    }

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    /// <summary>
    /// Replaces the registration of the grain storage <paramref name="name"/> (added just before, e.g. by
    /// <c>AddAdoNetGrainStorage</c>) by this wrapper around it. The provider's own lifecycle registration resolves the
    /// storage by name, so it now reaches the provider through <see cref="Participate"/>, once.
    /// </summary>
    public static void Wrap(IServiceCollection services, string name)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name));
        var factory = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"grain storage '{name}' is not registered by a factory");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => new RowBindingGrainStorage((IGrainStorage)factory(sp, key)));
    }
}
