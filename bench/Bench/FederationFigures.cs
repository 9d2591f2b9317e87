namespace JointPunishment.Bench;

/// <summary>The federation benchmark's JSON line (docs/benchmarks.md, <c>./bench.sh --federation</c>).</summary>
public static class FederationFigures
{
    /// <param name="listed">Listings seeded upstream and synced.</param>
    /// <param name="sync">Listings the downstream applied after its first page, over the time from that page's commit to the last's.</param>
    /// <param name="copy">Rows of a listing's width PostgreSQL's COPY wrote on the downstream's server.</param>
    /// <param name="lag">Upstream court acknowledgement → a check at the downstream answering block.</param>
    /// <param name="load">The check load on the downstream gateway while the lag was measured.</param>
    /// <param name="concurrency">Connections of that load.</param>
    public static Dictionary<string, object> Of(int listed, Throughput sync, Throughput copy, Latencies lag, LoadResult load, int concurrency) => new()
    {
        ["listed"] = listed,
        ["syncSeconds"] = Math.Round(sync.Seconds, 1),
        ["syncListingsPerSec"] = Math.Round(sync.PerSecond),
        ["copyCeilingRowsPerSec"] = Math.Round(copy.PerSecond),
        // 0 when COPY measured nothing (a JSON line cannot hold Infinity); three places, since the sync is far below COPY.
        ["syncVsCopyCeiling"] = copy.PerSecond > 0 ? Math.Round(sync.PerSecond / copy.PerSecond, 3) : 0,
        ["federationLagP50Ms"] = Math.Round(lag.P50Ms, 1),
        ["federationLagP99Ms"] = Math.Round(lag.P99Ms, 1),
        ["federationLagMaxMs"] = Math.Round(lag.MaxMs, 1),
        ["downstreamChecksPerSec"] = Math.Round(load.PerSecond),
        ["failedRequests"] = load.Failures,
        ["concurrency"] = concurrency,
    };
}
