using JointPunishment.Grains.Domain.Sampling;

namespace JointPunishment.Unit.Tests.Sampling;

public sealed class InspectionSampleTests
{
    [Fact]
    public void SplitMix64_MatchesTheReferenceSequence()
    {
        // Reference outputs of SplitMix64 seeded with 0 (as in the xoshiro authors' splitmix64.c).
        var random = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.Next());
        Assert.Equal(0x06C45D188009454FUL, random.Next());
    }

    [Fact]
    public void Draw_WithTheSameSeed_IsTheSameSample()
    {
        var keys = Enumerable.Range(0, 500).Select(i => i % 10 == 0).ToArray();
        Assert.Equal(InspectionSample.Draw(keys, 42, 0.1, 0.5), InspectionSample.Draw(keys, 42, 0.1, 0.5));
        Assert.NotEqual(InspectionSample.Draw(keys, 42, 0.1, 0.5), InspectionSample.Draw(keys, 43, 0.1, 0.5));
    }

    [Fact]
    public void Draw_SelectsKeyTargetsAtTheHigherRate()
    {
        var keys = Enumerable.Range(0, 20_000).Select(i => i % 2 == 0).ToArray();
        var selected = InspectionSample.Draw(keys, 7, 0.05, 0.5);

        var keyShare = selected.Count(i => keys[i]) / 10_000.0;
        var otherShare = selected.Count(i => !keys[i]) / 10_000.0;
        Assert.InRange(keyShare, 0.48, 0.52);
        Assert.InRange(otherShare, 0.04, 0.06);
        Assert.Equal(keys.Length, InspectionSample.Draw(keys, 7, 1, 1).Count);
        Assert.Empty(InspectionSample.Draw(keys, 7, 0, 0));
    }
}
