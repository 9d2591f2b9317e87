namespace JointPunishment.Bench;

/// <summary>Items (listings imported or synced, rows copied) done in a number of seconds.</summary>
public sealed record Throughput(long Count, double Seconds)
{
    /// <summary>0 when no time was measured (a JSON line cannot hold Infinity).</summary>
    public double PerSecond => Seconds > 0 ? Count / Seconds : 0;
}
