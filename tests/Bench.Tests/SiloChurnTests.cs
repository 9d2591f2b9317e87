using System.Text.Json;
using JointPunishment.Bench;

namespace JointPunishment.Bench.Tests;

public sealed class SiloChurnTests
{
    [Fact]
    public void CountActive_ClusterWithJoiningAndDeadSilos_CountsOnlyActive()
    {
        using var cluster = JsonDocument.Parse("""
            { "silos": [
              { "address": "127.0.0.1:11111", "status": "active", "activations": 10 },
              { "address": "127.0.0.1:11112", "status": "joining", "activations": 0 },
              { "address": "127.0.0.1:11113", "status": "dead", "activations": 0 },
              { "address": "127.0.0.1:11114", "status": "active", "activations": 3 },
              { "address": "127.0.0.1:11115", "status": "shutting_down", "activations": 1 } ] }
            """);

        Assert.Equal(2, SiloChurn.CountActive(cluster.RootElement));
    }

    [Fact]
    public void ActivationsOfNew_CountsOnlyActiveSilosThatWereNotThereBefore()
    {
        using var cluster = JsonDocument.Parse("""
            { "silos": [
              { "address": "127.0.0.1:11111", "status": "active", "activations": 10 },
              { "address": "127.0.0.1:11112", "status": "active", "activations": 7 },
              { "address": "127.0.0.1:11113", "status": "dead", "activations": 4 },
              { "address": "127.0.0.1:11114", "status": "active", "activations": 3 } ] }
            """);

        Assert.Equal(10, SiloChurn.ActivationsOfNew(cluster.RootElement, new HashSet<string>(["127.0.0.1:11112", "127.0.0.1:11114"], StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData(8.0, 12.0, 30, true)]
    [InlineData(-1, 12.0, 30, false)]
    [InlineData(8.0, -1, 30, false)]
    [InlineData(8.0, 31.0, 30, false)]
    public void CompletedWithin_JoinAndLeaveInsideTheLoad_Only(double joinedAtS, double leftAtS, double loadSeconds, bool completed) =>
        Assert.Equal(completed, new ChurnTimes(7.5, joinedAtS, 18, leftAtS).CompletedWithin(loadSeconds));
}
