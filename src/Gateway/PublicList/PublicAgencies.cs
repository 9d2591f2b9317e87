using JointPunishment.Storage.Directory;

namespace JointPunishment.Gateway.PublicList;

/// <summary>
/// The active agencies for <c>GET /v1/public/agencies</c> (the public page's choice of agency), read from the directory
/// in PostgreSQL at most once per <see cref="Lifetime"/> on this gateway: a page load costs no database read, and
/// concurrent requests after the list expires share one read. A failed read is not kept.
/// </summary>
public sealed class PublicAgencies(PostgresPrincipalDirectory directory, TimeProvider time)
{
    /// <summary>How long a read list is served: a newly registered or revoked agency shows within this time.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private Snapshot? _current;

    public Task<IReadOnlyList<DirectoryAgency>> ListAsync()
    {
        var now = time.GetUtcNow();
        var current = Volatile.Read(ref _current);
        if (current is not null && current.Until > now && !current.Read.Value.IsFaulted && !current.Read.Value.IsCanceled)
        {
            return current.Read.Value;
        }

        // One reader per expiry: whoever replaces the expired snapshot reads; the others share its read.
        var fresh = new Snapshot(now + Lifetime, new Lazy<Task<IReadOnlyList<DirectoryAgency>>>(() => directory.ListActiveAsync(CancellationToken.None)));
        var winner = Interlocked.CompareExchange(ref _current, fresh, current);
        return (ReferenceEquals(winner, current) ? fresh : winner!).Read.Value;
    }

    private sealed record Snapshot(DateTimeOffset Until, Lazy<Task<IReadOnlyList<DirectoryAgency>>> Read);
}
