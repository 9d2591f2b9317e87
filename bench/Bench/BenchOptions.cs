using System.Globalization;

namespace JointPunishment.Bench;

/// <summary>
/// The benchmark's settings (<c>key=value</c> arguments). <see cref="Churn"/> is the path of <c>run.sh</c> when a silo is to
/// join and leave during extra check phases (<c>./bench.sh --churn</c>), empty otherwise.
/// </summary>
public sealed record BenchOptions(
    int Listed, string Gateway, string Naive, string Postgres, string OperatorKey, string Importer, string Work, int Seconds, int Concurrency, string Churn)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = args.Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
        string Get(string key) => values.TryGetValue(key, out var v) ? v : throw new ArgumentException($"missing {key}=");
        int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchOptions(
            Int("listed", 1_000_000), Get("gateway"), Get("naive"), Get("postgres"), Get("operatorKey"), Get("importer"), Get("work"),
            Int("seconds", 10), Int("concurrency", 64), values.GetValueOrDefault("churn", ""));
    }
}
