using JointPunishment.Bench;

namespace JointPunishment.Bench.Tests;

public sealed class FaultRunTests
{
    [Fact]
    public void RecoveryMs_CountsFromTheEndOfTheFault_ToTheEndOfTheLastFailure()
    {
        (double, double, bool)[] requests =
        [
            (1_000, 1_100, true), // before the fault: not counted
            (10_500, 20_500, true), // sent during the fault, timed out after it ended
            (26_000, 26_400, true),
            (27_000, 27_100, false),
        ];

        Assert.Equal(26_400 - 25_000, FaultRun.RecoveryMs(requests, 10_000, 25_000));
    }

    [Fact]
    public void RecoveryMs_FailuresOnlyDuringTheFault_IsZero() =>
        Assert.Equal(0, FaultRun.RecoveryMs([(10_500, 11_000, true), (26_000, 26_100, false)], 10_000, 25_000));
}
