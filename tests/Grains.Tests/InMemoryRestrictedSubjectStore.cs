using System.Diagnostics;
using System.Collections.Concurrent;
using JointPunishment.Grains.Checks;

namespace JointPunishment.Grains.Tests;

/// <summary>
/// The store behind the named-subject index, for the in-memory test cluster (the PostgreSQL one is tested in
/// Integration.Tests); while <see cref="Failing"/>, adds fail like an exhausted connection pool. Each add takes
/// <see cref="AddDelay"/>, like a round trip, and is counted. Its lease horizons are on its own clock (the real
/// monotonic one, <see cref="Stopwatch"/>), as PostgreSQL's are on the server's, apart from the silos' time providers.
/// </summary>
public sealed class InMemoryRestrictedSubjectStore : IRestrictedSubjectStore
{
    private readonly ConcurrentDictionary<long, bool> _hashes = new();
    private int _adds;
    private int _addsInFlight;
    private int _mostAddsInFlight;
    private readonly Dictionary<int, (long Epoch, long Until)> _horizons = [];
    private readonly ConcurrentDictionary<int, int> _horizonWrites = new();

    public volatile bool Failing;

    /// <summary>While true, writing a lease horizon fails, as it does while PostgreSQL is down.</summary>
    public volatile bool HorizonFailing;

    public TimeSpan AddDelay { get; set; }

    /// <summary>Adds started, failed ones included.</summary>
    public int Adds => Volatile.Read(ref _adds);

    /// <summary>The most adds that were in flight at once.</summary>
    public int MostAddsInFlight => Volatile.Read(ref _mostAddsInFlight);

    public Task<long[]> LoadRangeAsync(long from, long to, CancellationToken cancellationToken) =>
        Task.FromResult(_hashes.Keys.Where(h => h >= from && h <= to).ToArray());

    public async Task AddAsync(IReadOnlyCollection<long> keyHashes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _adds);
        var inFlight = Interlocked.Increment(ref _addsInFlight);
        try
        {
            InterlockedMax(ref _mostAddsInFlight, inFlight);
            var failing = Failing;
            if (AddDelay > TimeSpan.Zero)
            {
                await Task.Delay(AddDelay, cancellationToken);
            }

            if (failing)
            {
                throw new InvalidOperationException("index store unavailable (test fault)");
            }

            foreach (var hash in keyHashes)
            {
                _hashes[hash] = true;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _addsInFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    public bool Contains(long keyHash) => _hashes.ContainsKey(keyHash);

    public Task<LeaseHorizon> TakeLeaseEpochAsync(int shard, CancellationToken cancellationToken)
    {
        lock (_horizons)
        {
            var (epoch, until) = _horizons.GetValueOrDefault(shard, (0, long.MinValue));
            _horizons[shard] = (epoch + 1, until);
            var remaining = until == long.MinValue ? TimeSpan.FromDays(-1) : Stopwatch.GetElapsedTime(until).Negate();
            return Task.FromResult(new LeaseHorizon(epoch + 1, remaining));
        }
    }

    /// <summary>Horizon writes tried for <paramref name="shard"/>, failed ones included.</summary>
    public int HorizonWrites(int shard) => _horizonWrites.GetValueOrDefault(shard);

    public Task<bool> ExtendLeaseHorizonAsync(int shard, long epoch, TimeSpan ahead, CancellationToken cancellationToken)
    {
        _horizonWrites.AddOrUpdate(shard, 1, (_, n) => n + 1);
        if (HorizonFailing)
        {
            throw new InvalidOperationException("lease horizon not written (test fault)");
        }

        lock (_horizons)
        {
            if (!_horizons.TryGetValue(shard, out var current) || current.Epoch != epoch)
            {
                return Task.FromResult(false);
            }

            var until = Stopwatch.GetTimestamp() + (long)(ahead.TotalSeconds * Stopwatch.Frequency);
            _horizons[shard] = (epoch, Math.Max(current.Until, until));
            return Task.FromResult(true);
        }
    }

    public Task<long> LeaseEpochAsync(int shard, CancellationToken cancellationToken)
    {
        lock (_horizons)
        {
            return Task.FromResult(_horizons.GetValueOrDefault(shard).Epoch);
        }
    }

    /// <summary>How long the horizon of <paramref name="shard"/> runs from now (negative once passed); null if none was written.</summary>
    public TimeSpan? HorizonAhead(int shard)
    {
        lock (_horizons)
        {
            return _horizons.TryGetValue(shard, out var h) && h.Until != long.MinValue ? Stopwatch.GetElapsedTime(h.Until).Negate() : null;
        }
    }
}
