using System.Collections.Immutable;
using Orleans.Concurrency;

namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>
/// One of the shards of the index of named subjects (key <c>idx:{n}</c>): the 64-bit key hashes of a contiguous
/// range, in memory. A subject absent from its shard is not restricted, so its grain need not be asked.
/// </summary>
public interface IRestrictedShardGrain : IGrainWithStringKey
{
    /// <summary>For each hash, whether it is in the index.</summary>
    [ReadOnly]
    [AlwaysInterleave]
    Task<ImmutableArray<bool>> ContainsAsync(ImmutableArray<long> keyHashes);

    /// <summary>Adds hashes durably; when it returns, every later <see cref="ContainsAsync"/> sees them.</summary>
    [AlwaysInterleave]
    Task AddAsync(ImmutableArray<long> keyHashes);

    /// <summary>
    /// Long poll of the copy <paramref name="replica"/> (in a silo or a gateway) that has <paramref name="version"/> of activation
    /// <paramref name="epoch"/>: answers at once with what it lacks, or waits briefly for the next change. Each
    /// call acknowledges <paramref name="version"/> and renews the copy's lease; an add is acknowledged to its
    /// caller only once every leased copy has it or its lease has run out, so a copy within its lease is current.
    /// </summary>
    [AlwaysInterleave]
    Task<ShardChanges> FollowAsync(Guid replica, Guid epoch, long version);

    /// <summary>How many hashes the shard holds and the managed bytes its set occupies.</summary>
    [ReadOnly]
    Task<ShardStatistics> GetStatisticsAsync();
}
