using JointPunishment.Importer.Http;

namespace JointPunishment.Importer.Tests;

public sealed class RetryPolicyTests
{
    [Fact]
    public void DelayBefore_GrowsExponentiallyWithJitterUpToTheCap()
    {
        var policy = new RetryPolicy(8, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        for (var i = 0; i < 50; i++)
        {
            Assert.InRange(policy.DelayBefore(2).TotalSeconds, 0.5, 1);
            Assert.InRange(policy.DelayBefore(4).TotalSeconds, 2, 4);
            Assert.InRange(policy.DelayBefore(8).TotalSeconds, 5, 10);
        }
    }

    [Fact]
    public void DelayBefore_RetryAfter_IsHonouredWithinTheCap()
    {
        var policy = new RetryPolicy(8, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(3), policy.DelayBefore(2, TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.DelayBefore(2, TimeSpan.FromMinutes(5)));
    }
}
