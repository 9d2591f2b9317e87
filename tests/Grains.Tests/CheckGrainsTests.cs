using JointPunishment.Grains.Interfaces.Checks;

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

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void FewerThanOneKey_IsRefused(int keys) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CheckGrains(fixture.Client, keys));
}
