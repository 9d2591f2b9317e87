using JointPunishment.Bench;

namespace JointPunishment.Bench.Tests;

public sealed class FederationBenchTests
{
    private static readonly string[] Required =
        ["upstream=http://127.0.0.1:5180", "downstream=http://127.0.0.1:5182", "postgres=Host=x", "operatorKey=op", "courtKey=court", "work=/tmp/w"];

    [Fact]
    public void Parse_OnlyTheRequired_TakesTheBenchDefaults()
    {
        var o = FederationOptions.Parse(Required);

        Assert.Equal(new FederationOptions(1_000_000, "http://127.0.0.1:5180", "http://127.0.0.1:5182", "Host=x", "op", "court", "/tmp/w", 10, BenchOptions.DefaultWarmupSeconds, 64), o);
    }

    [Fact]
    public void Parse_AsBenchShPassesThem_ReadsEveryOne()
    {
        var o = FederationOptions.Parse([.. Required, "listed=20000", "seconds=3", "warmup=1", "concurrency=16"]);

        Assert.Equal((20_000, 3, 1, 16), (o.Listed, o.Seconds, o.Warmup, o.Concurrency));
    }

    [Fact]
    public void Parse_WithoutTheCourtKey_NamesIt()
    {
        var e = Assert.Throws<ArgumentException>(() => FederationOptions.Parse([.. Required.Where(a => !a.StartsWith("courtKey=", StringComparison.Ordinal))]));

        Assert.Equal("missing courtKey=", e.Message);
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(99, 500, true)] // fewer than 100 listings: on, however long it took
    [InlineData(100, 2, true)] // 100 done, but S = 3 s not over
    [InlineData(100, 3, false)]
    [InlineData(2000, 1, false)] // at most 2,000
    public void AnotherLagListing_AtLeast100_AndMoreWhileTheSecondsLast(int listed, int seconds, bool another)
    {
        var o = FederationOptions.Parse([.. Required, "seconds=3"]);

        Assert.Equal(another, o.AnotherLagListing(listed, TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void SyncWatch_Progress_KeepsItSyncing_UntilEveryListingIsApplied()
    {
        var watch = new SyncWatch(1000, TimeSpan.FromSeconds(120));

        Assert.Equal(SyncState.Syncing, watch.Observe(0, TimeSpan.Zero));
        Assert.Equal(SyncState.Syncing, watch.Observe(500, TimeSpan.FromSeconds(119)));
        Assert.Equal(SyncState.Syncing, watch.Observe(999, TimeSpan.FromSeconds(238)));
        Assert.Equal(SyncState.Done, watch.Observe(1000, TimeSpan.FromSeconds(500)));
    }

    [Fact]
    public void SyncWatch_NoProgressForThePatience_IsStalled()
    {
        var watch = new SyncWatch(1000, TimeSpan.FromSeconds(120));
        watch.Observe(500, TimeSpan.FromSeconds(10));

        Assert.Equal(SyncState.Syncing, watch.Observe(500, TimeSpan.FromSeconds(129)));
        Assert.Equal(SyncState.Stalled, watch.Observe(500, TimeSpan.FromSeconds(130)));
    }

    [Fact]
    public void Figures_HoldTheRatesTheirRatioAndTheLag()
    {
        var figures = FederationFigures.Of(
            20_000, new Throughput(19_500, 6.5), new Throughput(20_000, 0.16), new Latencies(612.34, 1180.06, 1301.5),
            new LoadResult(30_000, 2, 10, 1.5, 9.9), 16);

        Assert.Equal(20_000, figures["listed"]);
        Assert.Equal(6.5, figures["syncSeconds"]);
        Assert.Equal(3000.0, figures["syncListingsPerSec"]);
        Assert.Equal(125_000.0, figures["copyCeilingRowsPerSec"]);
        Assert.Equal(0.024, figures["syncVsCopyCeiling"]);
        Assert.Equal((612.3, 1180.1, 1301.5), ((double)figures["federationLagP50Ms"], (double)figures["federationLagP99Ms"], (double)figures["federationLagMaxMs"]));
        Assert.Equal(3000.0, figures["downstreamChecksPerSec"]);
        Assert.Equal(2L, figures["failedRequests"]);
    }

    [Fact]
    public void Figures_NoCopyMeasured_RatioIsZero()
    {
        var figures = FederationFigures.Of(10, new Throughput(5, 1), new Throughput(0, 0), new Latencies(1, 1, 1), new LoadResult(1, 0, 1, 1, 1), 1);

        Assert.Equal((0.0, 0.0), ((double)figures["copyCeilingRowsPerSec"], (double)figures["syncVsCopyCeiling"]));
    }

    [Fact]
    public void Latencies_NearestRank_AsTheLoadDriver()
    {
        var lag = Latencies.Of(Enumerable.Range(1, 200).Select(i => (double)i).Reverse());

        Assert.Equal(new Latencies(101, 199, 200), lag);
    }
}
