namespace JointPunishment.Bench;

/// <summary>One load phase's figures; <see cref="FirstFailure"/> says why the first failed operation failed, if any did.</summary>
public sealed record LoadResult(long Operations, long Failures, double Seconds, double P50Ms, double P99Ms, string? FirstFailure = null)
{
    public double PerSecond => Operations / Seconds;
}
