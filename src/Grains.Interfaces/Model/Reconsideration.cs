namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>
/// 复议 (四(二)3 "向上一级人民法院申请复议"): the debtor's request to the higher court after its correction request was
/// dismissed. <see cref="Court"/> is the higher court that decides it (the listing court's <c>higherCourt</c> when the
/// request was made); <see cref="DecidedOn"/> and <see cref="Outcome"/> are null while it is pending.
/// </summary>
[GenerateSerializer, Immutable, Alias("jp.Reconsideration")]
public sealed record Reconsideration(
    [property: Id(0)] DateOnly RequestedOn,
    [property: Id(1)] string Court)
{
    [Id(2)] public DateOnly? DecidedOn { get; init; }
    [Id(3)] public ReconsiderationOutcome? Outcome { get; init; }

    public bool IsPending => DecidedOn is null;
}
