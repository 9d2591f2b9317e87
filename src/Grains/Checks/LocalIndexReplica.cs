using JointPunishment.Grains.Interfaces.Checks;
using Microsoft.Extensions.Logging;
using JointPunishment.Grains.Diagnostics;

namespace JointPunishment.Grains.Checks;

/// <summary>
/// A process's copy of every index shard — each silo's, and each HTTP gateway's — so that a check for someone no
/// court has named is answered from memory, without a grain call. Each shard is followed by a long poll that also
/// renews the copy's lease (see <see cref="IRestrictedShardGrain.FollowAsync"/>); a shard copy answers only while
/// its lease runs, counted from when the renewing call was sent, and otherwise says "unknown" so the caller asks
/// the shard grain.
/// </summary>
public sealed partial class LocalIndexReplica(TimeProvider time, ILogger<LocalIndexReplica> logger)
{
    /// <summary>The wait after a failed follow call; each further failure doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// While PostgreSQL is down a shard cannot write its lease horizon, so every follow call fails, and each one costs
    /// the shard a write attempt: 64 shards and every silo's and gateway's copy retrying every 200 ms made hundreds a
    /// second. Backing off to 2 s keeps a copy at most that much longer lapsed once the database is back (checks
    /// meanwhile ask the shard grains).
    /// </summary>
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a follow call may take before it is given up and sent again. The shard answers within
    /// <see cref="IndexLeases.PollTimeout"/> unless extending its tenure is slow, and an answer later than the lease is of
    /// no use to the copy; but a call to a silo that stopped while it was in flight may otherwise wait out Orleans' response
    /// timeout (30 s), the copy lapsed all that while.
    /// </summary>
    private static readonly TimeSpan FollowTimeout = IndexLeases.Lease * 2;

    private readonly Guid _id = Guid.NewGuid();
    private readonly ShardCopy[] _shards = [.. Enumerable.Range(0, RestrictedIndex.ShardCount).Select(_ => new ShardCopy())];
    private readonly long _validFor = (long)((IndexLeases.Lease - IndexLeases.Margin).TotalSeconds * time.TimestampFrequency);

    /// <summary>True or false from a current copy; null when the copy of that shard cannot vouch for itself.</summary>
    public bool? Contains(long keyHash)
    {
        var copy = _shards[RestrictedIndex.ShardOf(keyHash)];
        return time.GetTimestamp() < Volatile.Read(ref copy.ValidUntil) ? copy.Contains(keyHash) : null;
    }

    /// <summary>How many shard copies cannot vouch for themselves now (their lease lapsed or never started).</summary>
    public int LapsedShards()
    {
        var now = time.GetTimestamp();
        return _shards.Count(s => now >= Volatile.Read(ref s.ValidUntil));
    }

    /// <summary>Bytes the copies' sets occupy (about 20 a slot) and how many hashes they hold.</summary>
    public (long Count, long Bytes) Statistics() =>
        (_shards.Sum(s => (long)s.Count), _shards.Sum(s => s.Capacity * 20L));

    /// <summary>Follows every shard through <paramref name="grains"/> (a silo's or a client's) until <paramref name="stopping"/> is cancelled.</summary>
    public Task RunAsync(IGrainFactory grains, CancellationToken stopping) =>
        Task.WhenAll(Enumerable.Range(0, RestrictedIndex.ShardCount).Select(shard => FollowAsync(grains, shard, stopping)));

    private async Task FollowAsync(IGrainFactory grains, int shard, CancellationToken stopping)
    {
        var copy = _shards[shard];
        var grain = grains.GetGrain<IRestrictedShardGrain>(RestrictedIndex.ShardKey(shard));
        var epoch = Guid.Empty;
        var version = -1L;
        var retryDelay = FirstRetryDelay;
        while (!stopping.IsCancellationRequested)
        {
            var sent = time.GetTimestamp();
            try
            {
                var changes = await grain.FollowAsync(_id, epoch, version).WaitAsync(FollowTimeout, time, CancellationToken.None);
                copy.Apply(changes);
                (epoch, version) = (changes.Epoch, changes.Version);
                Volatile.Write(ref copy.ValidUntil, sent + _validFor);
                retryDelay = FirstRetryDelay;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                Volatile.Write(ref copy.ValidUntil, 0);
                LogFollowFailed(ex, shard);
                await Task.Delay(retryDelay, time, CancellationToken.None);
                retryDelay = retryDelay * 2 < MaxRetryDelay ? retryDelay * 2 : MaxRetryDelay;
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = GrainsEventIds.IndexFollowFailed, Level = LogLevel.Debug, Message = "Following index shard {Shard} failed; checks for it go to the shard grain until it recovers")]
    private partial void LogFollowFailed(Exception exception, int shard);

    private sealed class ShardCopy
    {
        public long ValidUntil;
        private readonly Lock _lock = new();
        private HashSet<long> _hashes = [];

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _hashes.Count;
                }
            }
        }

        public int Capacity
        {
            get
            {
                lock (_lock)
                {
                    return _hashes.EnsureCapacity(0);
                }
            }
        }

        public bool Contains(long hash)
        {
            lock (_lock)
            {
                return _hashes.Contains(hash);
            }
        }

        public void Apply(ShardChanges changes)
        {
            if (changes.IsSnapshot)
            {
                var fresh = new HashSet<long>(changes.Hashes);
                lock (_lock)
                {
                    _hashes = fresh;
                }

                return;
            }

            if (changes.Hashes.IsEmpty)
            {
                return;
            }

            lock (_lock)
            {
                _hashes.UnionWith(changes.Hashes);
            }
        }
    }
}
