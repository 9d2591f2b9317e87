using System.Collections.Immutable;
using JointPunishment.Grains.Interfaces.Checks;

namespace JointPunishment.Grains.Checks;

/// <summary>
/// Routes key hashes to the index shards. A shard owns a contiguous range of the unsigned hash space (the top
/// <see cref="ShardBits"/> bits), so it reloads its part from <c>jp_restricted_subject</c> with one range scan.
/// </summary>
public static class RestrictedIndex
{
    public const int ShardBits = 6;
    public const int ShardCount = 1 << ShardBits;

    public static int ShardOf(long keyHash) => (int)((ulong)keyHash >> (64 - ShardBits));

    public static string ShardKey(int shard) => $"idx:{shard}";

    /// <summary>The signed range [from, to] of hashes shard <paramref name="shard"/> owns.</summary>
    public static (long From, long To) RangeOf(int shard)
    {
        var from = (ulong)shard << (64 - ShardBits);
        var to = from + ((1UL << (64 - ShardBits)) - 1);
        return ((long)from, (long)to);
    }

    /// <summary>Activates every shard (each loads its range once).</summary>
    public static Task WarmUpAsync(IGrainFactory grains) =>
        Task.WhenAll(Enumerable.Range(0, ShardCount).Select(shard => grains.GetGrain<IRestrictedShardGrain>(ShardKey(shard)).GetStatisticsAsync()));

    public static async Task AddAsync(IGrainFactory grains, IEnumerable<long> keyHashes)
    {
        await Task.WhenAll(keyHashes.Distinct().GroupBy(ShardOf).Select(shard =>
            grains.GetGrain<IRestrictedShardGrain>(ShardKey(shard.Key)).AddAsync([.. shard])));
    }

    /// <summary>
    /// For each hash, whether the index holds it: from this silo's copy when it is current, otherwise from the
    /// shard grains, one call per shard involved, not per hash.
    /// </summary>
    public static async Task<bool[]> ContainsAsync(IGrainFactory grains, LocalIndexReplica? replica, IReadOnlyList<long> keyHashes)
    {
        var found = new bool[keyHashes.Count];
        var unknown = new List<int>();
        for (var i = 0; i < keyHashes.Count; i++)
        {
            if (replica?.Contains(keyHashes[i]) is { } known)
            {
                found[i] = known;
            }
            else
            {
                unknown.Add(i);
            }
        }

        if (unknown.Count == 0)
        {
            return found;
        }

        var byShard = unknown.GroupBy(i => ShardOf(keyHashes[i]));
        await Task.WhenAll(byShard.Select(async group =>
        {
            var indexes = group.ToArray();
            var answers = await grains.GetGrain<IRestrictedShardGrain>(ShardKey(group.Key))
                .ContainsAsync([.. indexes.Select(i => keyHashes[i])]);
            for (var j = 0; j < indexes.Length; j++)
            {
                found[indexes[j]] = answers[j];
            }
        }));
        return found;
    }
}
