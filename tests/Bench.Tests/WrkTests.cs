using JointPunishment.Bench;

namespace JointPunishment.Bench.Tests;

public sealed class WrkTests
{
    private const string Clean = """
        Running 30s test @ http://127.0.0.1:5700
          2 threads and 64 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     8.01ms    5.12ms  95.33ms   80.12%
          Latency Distribution
             50%    6.73ms
             75%    9.10ms
             90%   13.50ms
             99%   23.54ms
          240360 requests in 30.01s, 60.12MB read
        Requests/sec:   8009.33
        Transfer/sec:      2.00MB
        """;

    private const string Failing = """
        Running 30s test @ http://127.0.0.1:5700
          2 threads and 64 connections
          Latency Distribution
             50%  812.00us
             75%    1.10ms
             90%    1.50ms
             99%    1.20s
          1000 requests in 10.00s, 1.12MB read
          Socket errors: connect 1, read 2, write 3, timeout 4
          Non-2xx or 3xx responses: 7
        Requests/sec:    100.00
        """;

    [Fact]
    public void Parse_CleanRun_CountsEveryRequestAndNoFailure()
    {
        var result = Wrk.Parse(Clean);

        Assert.Equal(240360, result.Operations);
        Assert.Equal(0, result.Failures);
        Assert.Equal(30.01, result.Seconds);
        Assert.Equal(6.73, result.P50Ms);
        Assert.Equal(23.54, result.P99Ms);
        Assert.Null(result.FirstFailure);
    }

    [Fact]
    public void Parse_RunOfMinutes_GivesItsSeconds()
    {
        var result = Wrk.Parse(Clean.Replace("240360 requests in 30.01s", "1120360 requests in 2.35m", StringComparison.Ordinal));

        Assert.Equal(1120360, result.Operations);
        Assert.Equal(141, result.Seconds, 6);
    }

    [Fact]
    public void Parse_NonSuccessAndSocketErrors_CountAllAsFailures()
    {
        var result = Wrk.Parse(Failing);

        Assert.Equal(993, result.Operations);
        Assert.Equal(7 + 1 + 2 + 3 + 4, result.Failures);
        Assert.Equal(0.812, result.P50Ms, 6);
        Assert.Equal(1200, result.P99Ms);
        Assert.Contains("7 non-2xx", result.FirstFailure, StringComparison.Ordinal);
    }
}
