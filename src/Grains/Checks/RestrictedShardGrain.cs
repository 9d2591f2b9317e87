using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Checks;

namespace JointPunishment.Grains.Checks;

/// <summary>
/// A <see cref="HashSet{T}"/> of 64-bit hashes: 16 bytes an entry plus 4 for its bucket, ~20–40 bytes a subject
/// with the set's growth slack — well under the 64 the design allows. Loaded from PostgreSQL on activation
/// and kept active, so the check path never waits for a load after the first.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class RestrictedShardGrain(IRestrictedSubjectStore store) : Grain, IRestrictedShardGrain
{
    private const string KeyPrefix = "idx:";
    private HashSet<long> _hashes = [];
    private List<long> _pending = [];
    private Task? _pendingStore;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        GrainKeys.EnsurePrefixed(key, KeyPrefix);
        var (from, to) = RestrictedIndex.RangeOf(int.Parse(key.AsSpan(KeyPrefix.Length), CultureInfo.InvariantCulture));
        _hashes = [.. await store.LoadRangeAsync(from, to, cancellationToken)];
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
    /// Adds that arrive while one is being stored join the next batch: during an import, a shard stores many
    /// subjects per INSERT instead of one. Each caller's task completes only once its hashes are stored and visible.
    /// </summary>
    public Task AddAsync(ImmutableArray<long> keyHashes)
    {
        _pending.AddRange(keyHashes);
        return _pendingStore ??= StorePendingAsync();
    }

    private async Task StorePendingAsync()
    {
        await Task.Yield();
        var batch = _pending;
        _pending = [];
        _pendingStore = null;

        // Stored first: if this activation dies after answering, its successor reloads them.
        await store.AddAsync(batch, CancellationToken.None);
        _hashes.UnionWith(batch);
    }

    /// <summary>Per slot of capacity a <see cref="HashSet{T}"/> of long keeps an entry (hash code, next, value: 16 bytes) and a bucket (4 bytes).</summary>
    public Task<ShardStatistics> GetStatisticsAsync() =>
        Task.FromResult(new ShardStatistics(_hashes.Count, _hashes.EnsureCapacity(0) * 20L));
}
