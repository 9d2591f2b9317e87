using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using JointPunishment.Grains.Diagnostics;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Checks;

namespace JointPunishment.Grains.Checks;

/// <summary>
/// A <see cref="HashSet{T}"/> of 64-bit hashes (about 20 bytes a slot), loaded from PostgreSQL on activation and
/// kept active. Every silo and every HTTP gateway keeps a copy it follows under a lease
/// (<see cref="LocalIndexReplica"/>): an add is acknowledged only when every copy still holding a lease has it, so
/// a copy within its lease never answers "not named" for a subject whose listing was acknowledged. A fresh
/// activation cannot know which copies its predecessors leased to, nor which gateways exist (they are clients, in
/// no membership table); it knows only until when their leases may run, the lease horizon every activation writes
/// (<see cref="IRestrictedSubjectStore.ExtendLeaseHorizonAsync"/>) before granting a lease beyond it, and it
/// acknowledges no add before that horizon (plus a margin for clocks) has passed.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class RestrictedShardGrain(IRestrictedSubjectStore store, TimeProvider time, SiloMetrics metrics) : Grain, IRestrictedShardGrain
{
    private const string KeyPrefix = "idx:";
    private const int LogLength = 1024;

    /// <summary>How far ahead an activation writes its lease horizon: every 3 s or so while copies follow it, and the most a successor waits.</summary>
    private static readonly TimeSpan HorizonStep = 2 * IndexLeases.Lease;

    /// <summary>For clocks of different silos: the horizon is written by one and read by another.</summary>
    private static readonly TimeSpan ClockMargin = TimeSpan.FromSeconds(1);

    private readonly Guid _epoch = Guid.NewGuid();
    private readonly Dictionary<Guid, (long Acked, DateTimeOffset Until)> _leases = [];
    private readonly List<(long Version, long[] Hashes)> _log = [];
    private HashSet<long> _hashes = [];
    private List<long> _pending = [];
    private Task? _pendingStore;
    private Task? _storing;
    private long _version;
    private int _shard;
    private DateTimeOffset _graceEnds;
    private DateTimeOffset _horizon;
    private Task? _extendingHorizon;
    private TaskCompletionSource _changed = new();
    private TaskCompletionSource _acknowledged = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        GrainKeys.EnsurePrefixed(key, KeyPrefix);
        _shard = int.Parse(key.AsSpan(KeyPrefix.Length), CultureInfo.InvariantCulture);
        var (from, to) = RestrictedIndex.RangeOf(_shard);
        _hashes = [.. await store.LoadRangeAsync(from, to, cancellationToken)];
        _horizon = await store.LeaseHorizonAsync(_shard, cancellationToken) ?? DateTimeOffset.MinValue;
        _graceEnds = _horizon == DateTimeOffset.MinValue ? _horizon : _horizon + ClockMargin;
    }

    public Task<ImmutableArray<bool>> ContainsAsync(ImmutableArray<long> keyHashes)
    {
        var answers = new bool[keyHashes.Length];
        for (var i = 0; i < answers.Length; i++)
        {
            answers[i] = _hashes.Contains(keyHashes[i]);
        }

        return Task.FromResult(ImmutableCollectionsMarshal.AsImmutableArray(answers));
    }

    /// <summary>
    /// One INSERT at a time per shard: adds that arrive while one is being stored join the next batch, so during an
    /// import a shard stores many subjects per INSERT, and its copies follow one version per batch, instead of one
    /// each. Each caller's task completes only once its hashes are stored and every leased copy has them.
    /// </summary>
    public Task AddAsync(ImmutableArray<long> keyHashes)
    {
        _pending.AddRange(keyHashes);
        return _pendingStore ??= StorePendingAsync();
    }

    public async Task<ShardChanges> FollowAsync(Guid replica, Guid epoch, long version)
    {
        var now = time.GetUtcNow();
        while (now + IndexLeases.Lease > _horizon)
        {
            // A lease only ever runs within the written horizon, so a successor knows when the last one ends.
            var extending = _extendingHorizon ??= ExtendHorizonAsync(now + HorizonStep);
            try
            {
                await extending;
            }
            finally
            {
                if (ReferenceEquals(_extendingHorizon, extending))
                {
                    _extendingHorizon = null;
                }
            }

            now = time.GetUtcNow();
        }

        _leases[replica] = (epoch == _epoch ? version : -1, now + IndexLeases.Lease);
        PruneLapsedLeases(now);
        Interlocked.Exchange(ref _acknowledged, new TaskCompletionSource()).SetResult();

        var oldest = _log.Count == 0 ? _version : _log[0].Version - 1;
        if (epoch != _epoch || version < oldest || version > _version)
        {
            return new ShardChanges(_epoch, _version, true, [.. _hashes]);
        }

        if (version == _version)
        {
            await Task.WhenAny(_changed.Task, Task.Delay(IndexLeases.PollTimeout, time));
        }

        var added = _log.Where(entry => entry.Version > version).SelectMany(entry => entry.Hashes);
        return new ShardChanges(_epoch, _version, false, [.. added]);
    }

    public Task<ShardStatistics> GetStatisticsAsync()
    {
        PruneLapsedLeases(time.GetUtcNow());
        return Task.FromResult(new ShardStatistics(_hashes.Count, _hashes.EnsureCapacity(0) * 20L) { Leases = _leases.Count });
    }

    /// <summary>
    /// Forgets copies whose lease ran out: no acknowledgement waits for them any more, and a copy that follows again
    /// gets a lease anew. Each process that ever followed would otherwise stay here for the activation's life.
    /// </summary>
    private void PruneLapsedLeases(DateTimeOffset now)
    {
        foreach (var (replica, lease) in _leases)
        {
            if (lease.Until <= now)
            {
                _leases.Remove(replica);
            }
        }
    }

    private async Task StorePendingAsync()
    {
        var started = time.GetTimestamp();
        var previous = _storing;
        await Task.Yield();
        if (previous is not null)
        {
            // Only waits: a failed batch fails its own callers, not this one.
            await Task.WhenAny(previous);
        }

        var batch = _pending.ToArray();
        _pending = [];
        _pendingStore = null;

        // Stored first: if this activation dies before answering, its successor reloads them.
        var storing = store.AddAsync(batch, CancellationToken.None);
        _storing = storing;
        await storing;
        _hashes.UnionWith(batch);
        var version = ++_version;
        _log.Add((version, batch));
        if (_log.Count > LogLength)
        {
            _log.RemoveAt(0);
        }

        Interlocked.Exchange(ref _changed, new TaskCompletionSource()).SetResult();
        await WaitForCopiesAsync(version);
        metrics.IndexPublished(time.GetElapsedTime(started));
    }

    private async Task ExtendHorizonAsync(DateTimeOffset until)
    {
        await store.ExtendLeaseHorizonAsync(_shard, until, CancellationToken.None);
        _horizon = until > _horizon ? until : _horizon;
    }

    private async Task WaitForCopiesAsync(long version)
    {
        var graceEnds = _graceEnds;
        while (true)
        {
            var now = time.GetUtcNow();
            var waitingFor = _leases.Values.Where(l => l.Acked < version && l.Until > now).Select(l => l.Until).DefaultIfEmpty(DateTimeOffset.MinValue).Min();
            if (now < graceEnds)
            {
                waitingFor = waitingFor == DateTimeOffset.MinValue || graceEnds < waitingFor ? graceEnds : waitingFor;
            }

            if (waitingFor == DateTimeOffset.MinValue)
            {
                return;
            }

            await Task.WhenAny(_acknowledged.Task, Task.Delay(waitingFor - now, time));
        }
    }
}
