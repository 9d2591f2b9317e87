using System.ComponentModel.DataAnnotations;

namespace JointPunishment.Gateway.PublicList;

/// <summary>
/// How many public list queries one gateway runs in PostgreSQL at once (section <c>PublicList</c>, e.g.
/// <c>PublicList__MaxConcurrentQueries</c>); the rest wait in arrival order. Bounding them keeps the free query from
/// taking every database connection and core from the courts and agencies, and keeps its own tail short: 32 clients
/// querying short names at 1,000,000 listings had p99 124.9 ms unbounded and 48.9 ms at 4, at the same throughput
/// (docs/benchmarks.md "Public name search at 1,000,000 listed").
/// </summary>
public sealed class PublicListOptions
{
    public const string Section = "PublicList";

    /// <summary>Queries in PostgreSQL at once: about the database's cores (4 measured best with PostgreSQL on 2 shared cores).</summary>
    [Range(1, 1024)]
    public int MaxConcurrentQueries { get; set; } = 4;

    /// <summary>Queries waiting for one of those; beyond this a query is answered 503 with Retry-After.</summary>
    [Range(0, 100_000)]
    public int MaxQueuedQueries { get; set; } = 1000;
}
