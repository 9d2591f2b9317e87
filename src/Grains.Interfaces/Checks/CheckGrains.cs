namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>
/// The way into <see cref="ICheckGrain"/> for a client: spreads its calls over several keys, and so over the silos.
/// The Orleans client sends every call for one grain through the same gateway silo, so calls to a single key all
/// land on one silo however many there are; <c>CheckGrain</c> ignores its key, so every key answers the same.
/// Create one per client and share it; it is safe to use from any thread.
/// </summary>
/// <remarks>
/// Single checks are coalesced (unless turned off) over at most <see cref="DefaultLanes"/> lanes: each lane has at most
/// one <see cref="CheckAsync"/> call in flight, and the checks that arrive for it meanwhile wait and go together in the
/// next call (<see cref="ICheckGrain.CheckCoalescedAsync"/>, at most <see cref="CoalescedChecks.MaxChecks"/> of one
/// agency), each answered as it would be alone, a failure included. A lane sends its calls to its keys in turn (lane
/// <c>i</c> of <c>L</c> to keys <c>i</c>, <c>i + L</c>, …), so the calls still reach every key. A check that finds its
/// lane idle goes at once, so a client with fewer checks in flight than lanes waits for nothing; under load, one
/// message carries many checks. Each message costs both sides about as much as the work of a check, so fewer calls
/// carrying more checks each is most of what the client saves: measured on two silos, 16 lanes carried 2.5 checks a
/// call, 4 lanes 9 (docs/benchmarks.md).
/// </remarks>
public sealed class CheckGrains
{
    /// <summary>
    /// Keys calls are spread over: several per silo of a cluster of a few hosts, and on each silo at most this many
    /// stateless workers per core.
    /// </summary>
    public const int DefaultKeys = 16;

    /// <summary>Calls <see cref="CheckAsync"/> keeps in flight at most when coalescing (fewer when there are fewer keys).</summary>
    public const int DefaultLanes = 4;

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

        var lanes = _lanes ??= Lanes(Grains());
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

    /// <summary>Lane <c>i</c> of <c>L</c> takes keys <c>i</c>, <c>i + L</c>, … in turn.</summary>
    private static CheckLane[] Lanes(ICheckGrain[] grains)
    {
        var count = Math.Min(grains.Length, DefaultLanes);
        return [.. Enumerable.Range(0, count).Select(lane => new CheckLane([.. grains.Where((_, key) => key % count == lane)]))];
    }

    private ICheckGrain[] Grains() => _grains ??= [.. Enumerable.Range(0, Keys).Select(key => _factory.GetGrain<ICheckGrain>(key))];
}
