using System.Collections.Concurrent;
using JointPunishment.Grains.Checks;

namespace JointPunishment.Grains.Tests;

/// <summary>The store behind the named-subject index, for the in-memory test cluster (the PostgreSQL one is tested in Integration.Tests).</summary>
public sealed class InMemoryRestrictedSubjectStore : IRestrictedSubjectStore
{
    private readonly ConcurrentDictionary<long, bool> _hashes = new();

    public Task<long[]> LoadRangeAsync(long from, long to, CancellationToken cancellationToken) =>
        Task.FromResult(_hashes.Keys.Where(h => h >= from && h <= to).ToArray());

    public Task AddAsync(IReadOnlyCollection<long> keyHashes, CancellationToken cancellationToken)
    {
        foreach (var hash in keyHashes)
        {
            _hashes[hash] = true;
        }

        return Task.CompletedTask;
    }

    public bool Contains(long keyHash) => _hashes.ContainsKey(keyHash);
}
