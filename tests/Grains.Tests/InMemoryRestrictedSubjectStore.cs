using System.Collections.Concurrent;
using JointPunishment.Grains.Checks;

namespace JointPunishment.Grains.Tests;

/// <summary>
/// The store behind the named-subject index, for the in-memory test cluster (the PostgreSQL one is tested in
/// Integration.Tests); while <see cref="Failing"/>, adds fail like an exhausted connection pool.
/// </summary>
public sealed class InMemoryRestrictedSubjectStore : IRestrictedSubjectStore
{
    private readonly ConcurrentDictionary<long, bool> _hashes = new();

    public volatile bool Failing;

    public Task<long[]> LoadRangeAsync(long from, long to, CancellationToken cancellationToken) =>
        Task.FromResult(_hashes.Keys.Where(h => h >= from && h <= to).ToArray());

    public Task AddAsync(IReadOnlyCollection<long> keyHashes, CancellationToken cancellationToken)
    {
        if (Failing)
        {
            throw new InvalidOperationException("index store unavailable (test fault)");
        }

        foreach (var hash in keyHashes)
        {
            _hashes[hash] = true;
        }

        return Task.CompletedTask;
    }

    public bool Contains(long keyHash) => _hashes.ContainsKey(keyHash);

    private readonly ConcurrentDictionary<int, DateTimeOffset> _horizons = new();

    public Task<DateTimeOffset?> LeaseHorizonAsync(int shard, CancellationToken cancellationToken) =>
        Task.FromResult(_horizons.TryGetValue(shard, out var until) ? until : (DateTimeOffset?)null);

    public Task ExtendLeaseHorizonAsync(int shard, DateTimeOffset until, CancellationToken cancellationToken)
    {
        _horizons.AddOrUpdate(shard, until, (_, current) => current > until ? current : until);
        return Task.CompletedTask;
    }
}
