namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>
/// 对联合惩戒措施有异议 (四(二)3 "由相关单位告知其向执行法院提出"): an agency's referral of the debtor's objection to one
/// measure, received on one case. The court takes it up by starting verification of that measure (or of all);
/// <see cref="TakenUpOn"/> is null while it is open.
/// </summary>
[GenerateSerializer, Immutable, Alias("jp.Objection")]
public sealed record Objection(
    [property: Id(0)] string Id,
    [property: Id(1)] string Agency,
    [property: Id(2)] string Measure,
    [property: Id(3)] string Reason,
    [property: Id(4)] DateTimeOffset ReceivedAt,
    [property: Id(5)] DateOnly ReceivedOn)
{
    [Id(6)] public DateOnly? TakenUpOn { get; init; }

    public bool IsOpen => TakenUpOn is null;
}
