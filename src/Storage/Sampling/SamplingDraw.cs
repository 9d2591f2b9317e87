namespace JointPunishment.Storage.Sampling;

/// <summary>
/// One recorded inspection draw (二(十)): who drew it, when, with which seed and rates, over which population
/// (its size and SHA-256 digest), which positions were key targets, and which positions were selected (with the
/// agency's own reference and the keyed hash of each selected unit).
/// </summary>
public sealed record SamplingDraw(
    Guid Id,
    string Agency,
    string DrawnBy,
    DateTimeOffset DrawnAt,
    ulong Seed,
    double Rate,
    double KeyRate,
    int Population,
    string PopulationDigest,
    IReadOnlyList<int> KeyTargets,
    IReadOnlyList<int> Selected,
    IReadOnlyList<string> SelectedRefs,
    IReadOnlyList<string> SelectedKeys);
