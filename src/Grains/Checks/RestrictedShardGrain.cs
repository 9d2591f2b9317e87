using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using JointPunishment.Grains.Diagnostics;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Checks;
using Microsoft.Extensions.Logging;

namespace JointPunishment.Grains.Checks;

/// <summary>
/// A <see cref="HashSet{T}"/> of 64-bit hashes (about 20 bytes a slot), loaded from PostgreSQL on activation and
/// kept active. Every silo and every HTTP gateway keeps a copy it follows under a lease
/// (<see cref="LocalIndexReplica"/>): an add is acknowledged only when every copy still holding a lease has it, so
/// a copy within its lease never answers "not named" for a subject whose listing was acknowledged.
/// <para>
/// A fresh activation cannot know which copies its predecessors leased to, nor which gateways exist (they are clients,
/// in no membership table); it knows only until when their leases may run, the lease horizon every activation writes
/// (<see cref="IRestrictedSubjectStore.ExtendLeaseHorizonAsync"/>) before granting a lease beyond it, and it
/// acknowledges no add before that horizon (plus a margin) has passed. The horizon is fenced by activation: a new one
/// takes the next epoch before it loads its range, and an older activation still alive (a duplicate across a membership
/// change, or one that was paused) can no longer extend it, so it grants no lease past the horizon its successor waits
/// for; finding itself superseded — its extension refused, or the epoch changed when it re-reads it before
/// acknowledging an add — it answers nothing more and deactivates. It answers <see cref="ContainsAsync"/> from memory
/// only within its tenure (the horizon it wrote) and renews that first otherwise, so after the successor's first
/// acknowledgement it no longer says "not named" from a set that lacks the add.
/// </para>
/// <para>
/// Time: durations only. The store measures the horizon on its own clock; an activation turns it into its monotonic
/// time (<see cref="TimeProvider.GetTimestamp"/>), as leases and its tenure are, so a silo's wall clock stepping
/// forward lets no lease look lapsed while the copy holding it (monotonic as well) still answers.
/// </para>
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class RestrictedShardGrain(IRestrictedSubjectStore store, TimeProvider time, SiloMetrics metrics, ILogger<RestrictedShardGrain> logger)
    : Grain, IRestrictedShardGrain
{
    private const string KeyPrefix = "idx:";
    private const int LogLength = 1024;

    /// <summary>How far ahead an activation writes its lease horizon: every 3 s or so while copies follow it, and the most a successor waits.</summary>
    private static readonly TimeSpan HorizonStep = 2 * IndexLeases.Lease;

    /// <summary>For the rates of different machines' monotonic clocks, and the store's clock against them.</summary>
    private static readonly TimeSpan ClockMargin = TimeSpan.FromSeconds(1);

    /// <summary>While the store cannot be reached, how often a check past the tenure tries to renew it.</summary>
    private static readonly TimeSpan RenewalRetry = TimeSpan.FromSeconds(1);

    private readonly Guid _epoch = Guid.NewGuid();

    // Lease ends are monotonic timestamps (TimeProvider.GetTimestamp), as are the tenure and the grace.
    private readonly Dictionary<Guid, (long Acked, long Until)> _leases = [];
    private readonly List<(long Version, long[] Hashes)> _log = [];
    private HashSet<long> _hashes = [];
    private List<long> _pending = [];
    private Task? _pendingStore;
    private Task? _storing;
    private long _version;
    private int _shard;
    private long _leaseEpoch;
    private long _tenureEnds;
    private long _graceEnds;
    private long _renewAfter;
    private bool _superseded;
    private Task? _extendingHorizon;
    private TaskCompletionSource _changed = new();
    private TaskCompletionSource _acknowledged = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        GrainKeys.EnsurePrefixed(key, KeyPrefix);
        _shard = int.Parse(key.AsSpan(KeyPrefix.Length), CultureInfo.InvariantCulture);

        // The epoch is taken before the range is loaded: an add an older activation stores is either loaded here, or
        // that activation finds the epoch changed when it re-reads it after storing, and does not acknowledge the add.
        var taken = await store.TakeLeaseEpochAsync(_shard, cancellationToken);
        var received = time.GetTimestamp();
        _leaseEpoch = taken.Epoch;
        _graceEnds = taken.Remaining > -ClockMargin ? received + Ticks(taken.Remaining + ClockMargin) : 0;
        var (from, to) = RestrictedIndex.RangeOf(_shard);
        _hashes = [.. await store.LoadRangeAsync(from, to, cancellationToken)];
    }

    public Task<ImmutableArray<bool>> ContainsAsync(ImmutableArray<long> keyHashes)
    {
        ThrowIfSuperseded();
        var now = time.GetTimestamp();
        return now < _tenureEnds || now < _renewAfter ? Task.FromResult(Answer(keyHashes)) : RenewThenAnswerAsync(keyHashes);
    }

    /// <summary>
    /// One INSERT at a time per shard: adds that arrive while one is being stored join the next batch, so during an
    /// import a shard stores many subjects per INSERT, and its copies follow one version per batch, instead of one
    /// each. Each caller's task completes only once its hashes are stored and every leased copy has them.
    /// </summary>
    public Task AddAsync(ImmutableArray<long> keyHashes)
    {
        ThrowIfSuperseded();
        _pending.AddRange(keyHashes);
        return _pendingStore ??= StorePendingAsync();
    }

    public async Task<ShardChanges> FollowAsync(Guid replica, Guid epoch, long version)
    {
        ThrowIfSuperseded();
        var now = time.GetTimestamp();
        while (now + Ticks(IndexLeases.Lease) > _tenureEnds)
        {
            // A lease only ever runs within the written horizon, so a successor knows when the last one ends.
            await ExtendTenureAsync();
            now = time.GetTimestamp();
        }

        _leases[replica] = (epoch == _epoch ? version : -1, now + Ticks(IndexLeases.Lease));
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
        PruneLapsedLeases(time.GetTimestamp());
        return Task.FromResult(new ShardStatistics(_hashes.Count, _hashes.EnsureCapacity(0) * 20L) { Leases = _leases.Count });
    }

    private ImmutableArray<bool> Answer(ImmutableArray<long> keyHashes)
    {
        var answers = new bool[keyHashes.Length];
        for (var i = 0; i < answers.Length; i++)
        {
            answers[i] = _hashes.Contains(keyHashes[i]);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(answers);
    }

    /// <summary>
    /// Past its tenure an activation may have been superseded without knowing it, so it renews the tenure (which fails
    /// if another activation took the shard) before answering from memory. Should the store be unreachable (PostgreSQL
    /// restarting), it answers from memory all the same, as it did before fencing, and tries again a second later:
    /// refusing would turn every database outage into one of the whole check path, while the one case it would catch
    /// needs two faults at once — a duplicate activation that took over and acknowledged adds before the outage began.
    /// </summary>
    private async Task<ImmutableArray<bool>> RenewThenAnswerAsync(ImmutableArray<long> keyHashes)
    {
        try
        {
            await ExtendTenureAsync();
        }
        catch (Exception ex) when (ex is not ShardSupersededException)
        {
            _renewAfter = time.GetTimestamp() + Ticks(RenewalRetry);
            LogRenewalFailed(ex, _shard);
        }

        return Answer(keyHashes);
    }

    /// <summary>
    /// Forgets copies whose lease ran out: no acknowledgement waits for them any more, and a copy that follows again
    /// gets a lease anew. Each process that ever followed would otherwise stay here for the activation's life.
    /// </summary>
    private void PruneLapsedLeases(long now)
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
        var storing = StoreAsync(batch);
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

    private async Task StoreAsync(long[] batch)
    {
        await store.AddAsync(batch, CancellationToken.None);

        // Re-read after storing, before acknowledging: an activation that took the shard meanwhile may have loaded its
        // range before this INSERT committed, and then neither it nor its copies have these hashes. Still this
        // activation's epoch, any later one takes it after the INSERT committed, and loads them.
        if (await store.LeaseEpochAsync(_shard, CancellationToken.None) != _leaseEpoch)
        {
            throw Supersede();
        }
    }

    private async Task ExtendTenureAsync()
    {
        var extending = _extendingHorizon ??= ExtendHorizonAsync();
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
    }

    private async Task ExtendHorizonAsync()
    {
        // Counted from before the write: the horizon the store writes, from its clock when the write runs, ends no earlier.
        var sent = time.GetTimestamp();
        if (!await store.ExtendLeaseHorizonAsync(_shard, _leaseEpoch, HorizonStep, CancellationToken.None))
        {
            throw Supersede();
        }

        _tenureEnds = Math.Max(_tenureEnds, sent + Ticks(HorizonStep));
    }

    private async Task WaitForCopiesAsync(long version)
    {
        while (true)
        {
            ThrowIfSuperseded();
            var now = time.GetTimestamp();
            var waitingFor = _leases.Values.Where(l => l.Acked < version && l.Until > now).Select(l => l.Until).DefaultIfEmpty(long.MaxValue).Min();
            if (now < _graceEnds)
            {
                waitingFor = Math.Min(waitingFor, _graceEnds);
            }

            if (waitingFor == long.MaxValue)
            {
                return;
            }

            await Task.WhenAny(_acknowledged.Task, Task.Delay(TimeSpan.FromSeconds((double)(waitingFor - now) / time.TimestampFrequency), time));
        }
    }

    /// <summary>Marks this activation superseded (once): it answers nothing more, wakes the adds waiting for copies so they fail, and deactivates.</summary>
    private ShardSupersededException Supersede()
    {
        if (!_superseded)
        {
            _superseded = true;
            LogSuperseded(_shard, _leaseEpoch);
            DeactivateOnIdle();
            Interlocked.Exchange(ref _acknowledged, new TaskCompletionSource()).SetResult();
        }

        return new ShardSupersededException($"A later activation of index shard {_shard} has taken over; retry.");
    }

    private void ThrowIfSuperseded()
    {
        if (_superseded)
        {
            throw Supersede();
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    [LoggerMessage(EventId = GrainsEventIds.IndexShardSuperseded, Level = LogLevel.Warning, Message = "Index shard {Shard}: a later activation took over from epoch {Epoch}; this one answers nothing more and deactivates")]
    private partial void LogSuperseded(int shard, long epoch);

    [LoggerMessage(EventId = GrainsEventIds.IndexLeaseNotRenewed, Level = LogLevel.Debug, Message = "Index shard {Shard}: its lease horizon could not be renewed; it answers from memory and tries again shortly")]
    private partial void LogRenewalFailed(Exception exception, int shard);
}
