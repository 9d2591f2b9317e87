namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>
/// The way into <see cref="ICheckGrain"/> for a client: spreads its calls over several keys, and so over the silos.
/// The Orleans client sends every call for one grain through the same gateway silo, so calls to a single key all
/// land on one silo however many there are; <c>CheckGrain</c> ignores its key, so every key answers the same.
/// Create one per client and share it; it is safe to use from any thread.
/// </summary>
/// <remarks>
/// Single checks are coalesced (unless turned off): each key has at most one <see cref="CheckAsync"/> call in flight,
/// and the checks that arrive for it meanwhile wait and go together in the next call
/// (<see cref="ICheckGrain.CheckCoalescedAsync"/>, at most <see cref="CoalescedChecks.MaxChecks"/> of one agency), each
/// answered as it would be alone, a failure included. A check that finds its key idle goes at once, so a client with
/// fewer checks in flight than keys waits for nothing; under load, one message carries several checks.
/// </remarks>
public sealed class CheckGrains
{
    /// <summary>
    /// Keys calls are spread over: several per silo of a cluster of a few hosts, and on each silo at most this many
    /// stateless workers per core.
    /// </summary>
    public const int DefaultKeys = 16;

    private readonly IGrainFactory _factory;
    private readonly bool _coalesce;
    private ICheckGrain[]? _grains;
    private CheckLane[]? _lanes;
    private uint _next;
    private long _uncoalesced;

    /// <param name="grains">The client's grain factory.</param>
    /// <param name="keys">Keys to spread the calls over.</param>
    /// <param name="coalesce">Whether single checks waiting for the same key go together in one call.</param>
    public CheckGrains(IGrainFactory grains, int keys = DefaultKeys, bool coalesce = true)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentOutOfRangeException.ThrowIfLessThan(keys, 1);
        (_factory, Keys, _coalesce) = (grains, keys, coalesce);
    }

    /// <summary>How many keys this spreads over.</summary>
    public int Keys { get; }

    /// <summary>The next key's grain, in turn.</summary>
    /// <remarks>
    /// The grain references are made at the first call, not at construction: a client learns the cluster's grain types
    /// when it connects, so this may be created before. Two threads making them at once make equal references.
    /// </remarks>
    public ICheckGrain Next() => Grains()[Interlocked.Increment(ref _next) % (uint)Keys];

    /// <inheritdoc cref="ICheckGrain.CheckAsync"/>
    public Task<CheckOutcome> CheckAsync(CheckRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_coalesce)
        {
            Interlocked.Increment(ref _uncoalesced);
            return Next().CheckAsync(request);
        }

        var lanes = _lanes ??= [.. Grains().Select(grain => new CheckLane(grain))];
        return lanes[Interlocked.Increment(ref _next) % (uint)lanes.Length].CheckAsync(request);
    }

    /// <summary>
    /// The calls <see cref="CheckAsync"/> has sent and the checks they carried (equal without coalescing): how much
    /// coalescing saves a client under its load.
    /// </summary>
    public (long Calls, long Checks) Sent
    {
        get
        {
            var (calls, checks) = (0L, 0L);
            foreach (var lane in _lanes ?? [])
            {
                var sent = lane.Sent;
                (calls, checks) = (calls + sent.Calls, checks + sent.Checks);
            }

            return _coalesce ? (calls, checks) : (Interlocked.Read(ref _uncoalesced), Interlocked.Read(ref _uncoalesced));
        }
    }

    /// <inheritdoc cref="ICheckGrain.CheckBatchAsync"/>
    public Task<BatchCheckOutcome> CheckBatchAsync(BatchCheckRequest request) => Next().CheckBatchAsync(request);

    private ICheckGrain[] Grains() => _grains ??= [.. Enumerable.Range(0, Keys).Select(key => _factory.GetGrain<ICheckGrain>(key))];
}
