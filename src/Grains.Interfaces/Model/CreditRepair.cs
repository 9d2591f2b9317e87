namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>
/// 信用修复 (四(二)6): one agency's decision for its own domain on a subject whose listings are all shielded or
/// revoked. A later decision of the same agency replaces its earlier one; every decision also goes to the feed
/// the public credit information system follows. <see cref="Revision"/> is the subject revision that stored it.
/// </summary>
[GenerateSerializer, Immutable, Alias("jp.CreditRepair")]
public sealed record CreditRepair(
    [property: Id(0)] string Agency,
    [property: Id(1)] CreditRepairDecision Decision,
    [property: Id(2)] string? Note,
    [property: Id(3)] DateTimeOffset DecidedAt,
    [property: Id(4)] long Revision);
