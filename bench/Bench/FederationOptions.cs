namespace JointPunishment.Bench;

/// <summary>
/// The federation benchmark's settings (<c>bench federation key=value…</c>, <c>./bench.sh --federation</c>): the upstream
/// and downstream gateways, the downstream's PostgreSQL (superuser, for the COPY ceiling's throwaway table), the
/// operator key both nodes share, the upstream bench court's key, and the upstream's data dir holding the listings file.
/// </summary>
public sealed record FederationOptions(
    int Listed, string Upstream, string Downstream, string Postgres, string OperatorKey, string CourtKey, string Work, int Seconds, int Warmup, int Concurrency)
{
    /// <summary>Listings timed from the upstream court's acknowledgement to a block downstream (more while <see cref="Seconds"/> last).</summary>
    public const int LagListings = 100;

    public static FederationOptions Parse(string[] args)
    {
        var o = new KeyValueArgs(args);
        return new FederationOptions(
            o.Int("listed", 1_000_000), o.Get("upstream"), o.Get("downstream"), o.Get("postgres"), o.Get("operatorKey"), o.Get("courtKey"), o.Get("work"),
            o.Int("seconds", 10), o.Int("warmup", BenchOptions.DefaultWarmupSeconds), o.Int("concurrency", 64));
    }

    /// <summary>Whether to time another listing, after <paramref name="listed"/> of them and <paramref name="elapsed"/>: at least <see cref="LagListings"/>, and more while <see cref="Seconds"/> last (2,000 at most, as the bench's freshness).</summary>
    public bool AnotherLagListing(int listed, TimeSpan elapsed) =>
        listed < LagListings || (elapsed < TimeSpan.FromSeconds(Seconds) && listed < 2000);
}
