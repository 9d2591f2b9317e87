using System.Globalization;

namespace JointPunishment.Bench;

public sealed record BenchOptions(
    int Listed, string Gateway, string Naive, string Postgres, string OperatorKey, string Importer, string Work, int Seconds, int Concurrency)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = args.Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
        string Get(string key) => values.TryGetValue(key, out var v) ? v : throw new ArgumentException($"missing {key}=");
        int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchOptions(
            Int("listed", 1_000_000), Get("gateway"), Get("naive"), Get("postgres"), Get("operatorKey"), Get("importer"), Get("work"),
            Int("seconds", 10), Int("concurrency", 64));
    }
}
