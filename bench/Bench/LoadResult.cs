namespace JointPunishment.Bench;

public sealed record LoadResult(long Operations, long Failures, double Seconds, double P50Ms, double P99Ms)
{
    public double PerSecond => Operations / Seconds;
}
