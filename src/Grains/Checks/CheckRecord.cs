using System.Collections.Immutable;
using JointPunishment.Grains.Federation;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Checks;

/// <summary>
/// What an agency asked and was told: kept for the accountability ledger. The subject appears only as its grain key.
/// <paramref name="UpstreamCases"/>: the upstream node's cases the decision rests on, reported back to it (empty for most).
/// </summary>
public readonly record struct CheckRecord(
    Guid CheckId, string Agency, string Measure, string SubjectKey, Decision Decision, DateTimeOffset At, ImmutableArray<UpstreamCase> UpstreamCases);
