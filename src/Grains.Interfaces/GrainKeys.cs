namespace JointPunishment.Grains.Interfaces;

/// <summary>
/// Builds the string keys of persisted grains. ADO.NET grain storage reads a string key that parses as a
/// GUID or a hexadecimal number as that number, so <c>dc909f</c> and <c>00DC909F</c> would share one row.
/// Every key therefore starts with a kind prefix ending in <c>:</c>, which no GUID or number contains.
/// </summary>
public static class GrainKeys
{
    public const string StorageProbePrefix = "probe:";
    public const string SubjectPrefix = "subj:";
    public const string AgencyPrefix = "agency:";
    public const string CourtPrefix = "court:";
    public const string ConsumerPrefix = "consumer:";

    /// <summary>The one grain that follows the upstream node's federation feed (there is one per cluster).</summary>
    public const string UpstreamFollower = "follower:upstream";

    /// <summary>The key of the agency registered under <paramref name="code"/>.</summary>
    public static string Agency(string code) => Prefixed(AgencyPrefix, code);

    /// <summary>The key of the court registered under <paramref name="code"/>.</summary>
    public static string Court(string code) => Prefixed(CourtPrefix, code);

    /// <summary>The key of the feed consumer registered under <paramref name="code"/>.</summary>
    public static string Consumer(string code) => Prefixed(ConsumerPrefix, code);

    /// <summary>The key of the storage probe named <paramref name="name"/>.</summary>
    public static string StorageProbe(string name) => Prefixed(StorageProbePrefix, name);

    /// <summary>Throws unless <paramref name="key"/> was built with <paramref name="prefix"/>; grains call this on activation.</summary>
    public static void EnsurePrefixed(string key, string prefix)
    {
        if (!key.StartsWith(prefix, StringComparison.Ordinal) || key.Length == prefix.Length)
        {
            throw new ArgumentException($"Grain key must start with '{prefix}' and name something after it.", nameof(key));
        }
    }

    private static string Prefixed(string prefix, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return prefix + name;
    }
}
