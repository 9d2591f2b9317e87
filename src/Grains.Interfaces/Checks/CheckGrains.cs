namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>
/// The way into <see cref="ICheckGrain"/> for a client: spreads its calls over several keys, and so over the silos.
/// The Orleans client sends every call for one grain through the same gateway silo, so calls to a single key all
/// land on one silo however many there are; <c>CheckGrain</c> ignores its key, so every key answers the same.
/// Create one per client and share it; it is safe to use from any thread.
/// </summary>
public sealed class CheckGrains
{
    /// <summary>
    /// Keys calls are spread over: several per silo of a cluster of a few hosts, and on each silo at most this many
    /// stateless workers per core.
    /// </summary>
    public const int DefaultKeys = 16;

    private readonly IGrainFactory _factory;
    private ICheckGrain[]? _grains;
    private uint _next;

    public CheckGrains(IGrainFactory grains, int keys = DefaultKeys)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentOutOfRangeException.ThrowIfLessThan(keys, 1);
        (_factory, Keys) = (grains, keys);
    }

    /// <summary>How many keys this spreads over.</summary>
    public int Keys { get; }

    /// <summary>The next key's grain, in turn.</summary>
    /// <remarks>
    /// The grain references are made at the first call, not at construction: a client learns the cluster's grain types
    /// when it connects, so this may be created before. Two threads making them at once make equal references.
    /// </remarks>
    public ICheckGrain Next()
    {
        var grains = _grains ??= [.. Enumerable.Range(0, Keys).Select(key => _factory.GetGrain<ICheckGrain>(key))];
        return grains[Interlocked.Increment(ref _next) % (uint)grains.Length];
    }

    /// <inheritdoc cref="ICheckGrain.CheckAsync"/>
    public Task<CheckOutcome> CheckAsync(CheckRequest request) => Next().CheckAsync(request);

    /// <inheritdoc cref="ICheckGrain.CheckBatchAsync"/>
    public Task<BatchCheckOutcome> CheckBatchAsync(BatchCheckRequest request) => Next().CheckBatchAsync(request);
}
