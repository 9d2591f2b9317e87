namespace JointPunishment.Grains.Checks;

/// <summary>
/// Durable home of the named-subject index (<c>jp_restricted_subject</c>), read by shard grains on activation, and of
/// each shard's lease horizon (<c>jp_index_lease_horizon</c>): until when leases granted by any of its activations may
/// run, and which activation (epoch) may still move it. Times are durations on the store's one clock, so no silo's wall
/// clock takes part; each activation turns them into its own monotonic time.
/// </summary>
public interface IRestrictedSubjectStore
{
    /// <summary>Every stored hash in [<paramref name="from"/>, <paramref name="to"/>] (signed 64-bit order).</summary>
    Task<long[]> LoadRangeAsync(long from, long to, CancellationToken cancellationToken);

    /// <summary>Stores the hashes; durable when the task completes. Adding a stored hash again is a no-op.</summary>
    Task AddAsync(IReadOnlyCollection<long> keyHashes, CancellationToken cancellationToken);

    /// <summary>
    /// For a new activation of <paramref name="shard"/>: takes the next epoch, so no earlier activation can move the
    /// horizon any more, and tells how long leases its predecessors granted may still run (negative when the horizon
    /// has passed; long past when none was ever granted). Durable when the task completes.
    /// </summary>
    Task<LeaseHorizon> TakeLeaseEpochAsync(int shard, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the horizon of <paramref name="shard"/> to <paramref name="ahead"/> from now, unless it is later already,
    /// provided <paramref name="epoch"/> is still the shard's; false, and nothing written, when a later activation took
    /// it. Durable when the task completes.
    /// </summary>
    Task<bool> ExtendLeaseHorizonAsync(int shard, long epoch, TimeSpan ahead, CancellationToken cancellationToken);

    /// <summary>The epoch last taken for <paramref name="shard"/> (0 when none was).</summary>
    Task<long> LeaseEpochAsync(int shard, CancellationToken cancellationToken);
}
