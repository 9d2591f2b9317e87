using System.Collections.Immutable;

namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>
/// One validated court event for one subject. <see cref="Court"/> is the code of the court that sent it
/// (taken from its API key, never from the body); <see cref="On"/> defaults to today in China Standard Time.
/// </summary>
[GenerateSerializer, Immutable, Alias("jp.CourtEvent")]
public sealed record CourtEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] CourtEventType Type,
    [property: Id(2)] string Court,
    [property: Id(3)] string CaseNumber,
    [property: Id(4)] SubjectRef Subject,
    [property: Id(5)] DateOnly On)
{
    [Id(6)] public DateOnly? ListedOn { get; init; }
    [Id(7)] public bool? Public { get; init; }
    [Id(8)] public string? Obligation { get; init; }
    [Id(9)] public ImmutableArray<Officer> Officers { get; init; } = [];
    /// <summary>A measure code: for <c>verification_started</c>/<c>verification_closed</c> (null = all) and <c>retained</c>.</summary>
    [Id(10)] public string? Measure { get; init; }
    [Id(11)] public VerificationOutcome? Outcome { get; init; }
    [Id(12)] public string? Reason { get; init; }
    [Id(13)] public DateOnly? Until { get; init; }
    [Id(14)] public string? Basis { get; init; }
    /// <summary>For <c>listed</c>: the date the debtor received the decision; the correction window counts from it (四(二)3).</summary>
    [Id(15)] public DateOnly? ServedOn { get; init; }
    /// <summary>For <c>reconsideration_decided</c>: the higher court's decision.</summary>
    [Id(17)] public ReconsiderationOutcome? Decision { get; init; }
}
