namespace JointPunishment.Grains.Wire;

/// <summary>Errors by field path, in the shape of RFC 9457 validation problems (<c>errors: { path: [messages] }</c>).</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public int Count => _errors.Count;

    /// <summary>Whether <paramref name="path"/> already has an error.</summary>
    public bool Has(string path) => _errors.ContainsKey(path);

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var messages))
        {
            _errors[path] = messages = [];
        }

        messages.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>One line for a per-event rejection: <c>subject.idNumber: must be 18 characters; on: must be a date</c>.</summary>
    public string Describe(string stripPrefix) => string.Join("; ", _errors.Select(e =>
        (e.Key.StartsWith(stripPrefix, StringComparison.Ordinal) ? e.Key[stripPrefix.Length..].TrimStart('.') : e.Key) is { Length: > 0 } field
            ? $"{field}: {string.Join(", ", e.Value)}"
            : string.Join(", ", e.Value)));
}
