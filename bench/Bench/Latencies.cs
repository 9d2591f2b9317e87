namespace JointPunishment.Bench;

/// <summary>The median, 99th percentile (nearest rank, as <see cref="LoadDriver"/>'s) and maximum of some latencies.</summary>
public sealed record Latencies(double P50Ms, double P99Ms, double MaxMs)
{
    public static Latencies Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return sorted.Length == 0
            ? throw new ArgumentException("no latencies were measured", nameof(milliseconds))
            : new Latencies(sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))], sorted[^1]);
    }
}
