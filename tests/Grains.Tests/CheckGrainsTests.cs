using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class CheckGrainsTests(ClusterFixture fixture)
{
    [Fact]
    public void Next_TakesEveryKeyInTurn()
    {
        var checks = new CheckGrains(fixture.Client, keys: 4);

        var keys = Enumerable.Range(0, 8).Select(_ => checks.Next().GetPrimaryKeyLong()).ToArray();

        Assert.Equal(4, checks.Keys);
        Assert.All(keys.CountBy(key => key), count => Assert.Equal(2, count.Value));
        Assert.Equal([0L, 1L, 2L, 3L], keys.Distinct().Order());
    }

    [Fact]
    public async Task CoalescedChecks_KeepAtMostFourCallsInFlight_AndReachEveryKey()
    {
        var checks = new CheckGrains(fixture.Client);
        var recorded = fixture.CheckCalls;
        recorded.Reset();

        // Waves of 64 checks at once, as a busy agency gateway sends them (no agency is registered: each is refused,
        // which is an answer like any other for what this counts).
        for (var wave = 0; wave < 8; wave++)
        {
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
                checks.CheckAsync(new CheckRequest("lanes", "consumption.hotel", new SubjectInput(IdType.ResidentId, "110101199001010015")))));
            Assert.All(outcomes, o => Assert.Equal(CheckError.Forbidden, o.Error));
        }

        var (calls, sent) = checks.Sent;
        Assert.Equal(8 * 64, sent);
        Assert.InRange(recorded.MostInFlight, 1, CheckGrains.DefaultLanes);
        Assert.True(calls <= sent / 4, $"{sent} checks went in {calls} calls");
        Assert.Equal(Enumerable.Range(0, CheckGrains.DefaultKeys).Select(k => (long)k), recorded.Keys.Order());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void FewerThanOneKey_IsRefused(int keys) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CheckGrains(fixture.Client, keys));
}
