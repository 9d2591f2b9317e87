using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Storage.Federation;

/// <summary>
/// What a downstream node reported about a check of one of its agencies on this node's cases: the hit, and the agency's
/// feedback when <paramref name="Outcome"/> is set. <paramref name="CasesJson"/>: <c>[{"court", "caseNumber"}]</c>.
/// </summary>
public sealed record NodeReport(Guid CheckId, string Agency, string Measure, Decision Decision, DateTimeOffset CheckedAt, string CasesJson, short? Outcome);
