namespace JointPunishment.Grains.Checks;

/// <summary>Durable home of the named-subject index (<c>jp_restricted_subject</c>), read by shard grains on activation.</summary>
public interface IRestrictedSubjectStore
{
    /// <summary>Every stored hash in [<paramref name="from"/>, <paramref name="to"/>] (signed 64-bit order).</summary>
    Task<long[]> LoadRangeAsync(long from, long to, CancellationToken cancellationToken);

    /// <summary>Stores the hashes; durable when the task completes. Adding a stored hash again is a no-op.</summary>
    Task AddAsync(IReadOnlyCollection<long> keyHashes, CancellationToken cancellationToken);

    /// <summary>Until when leases granted by any activation of <paramref name="shard"/> may run; null if none ever was.</summary>
    Task<DateTimeOffset?> LeaseHorizonAsync(int shard, CancellationToken cancellationToken);

    /// <summary>Moves the horizon of <paramref name="shard"/> to <paramref name="until"/>, unless it is later already; durable when the task completes.</summary>
    Task ExtendLeaseHorizonAsync(int shard, DateTimeOffset until, CancellationToken cancellationToken);
}
