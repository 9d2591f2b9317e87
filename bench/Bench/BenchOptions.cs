namespace JointPunishment.Bench;

/// <summary>
/// The benchmark's settings (<c>key=value</c> arguments). <see cref="Churn"/> is the path of <c>run.sh</c> when a silo is to
/// join and leave during extra check phases (<c>./bench.sh --churn</c>), empty otherwise.
/// </summary>
public sealed record BenchOptions(
    int Listed, string Gateway, string Naive, string Postgres, string OperatorKey, string Importer, string Work, int Seconds, int Concurrency, string Churn, int Warmup)
{
    /// <summary>
    /// Seconds of load before a phase's clock starts. The processes tier up the code a phase newly exercises during
    /// the first 10–15 s of it (docs/benchmarks.md, warm-up): a shorter warm-up measures the JIT, not the system.
    /// </summary>
    public const int DefaultWarmupSeconds = 15;

    /// <summary>Watchlist members the watchlist phase adds through HTTP (<c>watched=</c>, <c>./bench.sh --watched N</c>).</summary>
    public int Watched { get; init; } = 1_000_000;

    /// <summary>
    /// Whether the client phase's <c>CheckGrains</c> coalesces single checks (<c>coalesce=</c>, the default; <c>0</c> sends
    /// one call per check for comparison: <c>JP_BENCH_COALESCE=0 ./bench.sh</c>).
    /// </summary>
    public bool Coalesce { get; init; } = true;

    public TimeSpan WarmupTime => TimeSpan.FromSeconds(Warmup);

    public static BenchOptions Parse(string[] args)
    {
        var o = new KeyValueArgs(args);
        return new BenchOptions(
            o.Int("listed", 1_000_000), o.Get("gateway"), o.Get("naive"), o.Get("postgres"), o.Get("operatorKey"), o.Get("importer"), o.Get("work"),
            o.Int("seconds", 10), o.Int("concurrency", 64), o.Get("churn", ""), o.Int("warmup", DefaultWarmupSeconds))
        {
            Watched = o.Int("watched", 1_000_000),
            Coalesce = o.Int("coalesce", 1) != 0,
        };
    }
}
