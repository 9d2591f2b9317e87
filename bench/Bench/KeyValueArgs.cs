using System.Globalization;

namespace JointPunishment.Bench;

/// <summary>The bench's <c>key=value</c> command-line arguments (every mode takes them this way).</summary>
public sealed class KeyValueArgs(string[] args)
{
    private readonly Dictionary<string, string> _values =
        args.Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);

    /// <summary>A required value; a missing one is an error naming the key.</summary>
    public string Get(string key) => _values.TryGetValue(key, out var v) ? v : throw new ArgumentException($"missing {key}=");

    public string Get(string key, string fallback) => _values.GetValueOrDefault(key, fallback);

    public int Int(string key, int fallback) => _values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
