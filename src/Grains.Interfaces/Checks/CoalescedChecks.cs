using System.Collections.Immutable;

namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>
/// Single checks of one agency that <see cref="CheckGrains"/> sends in one call because they were waiting at the same
/// time (at most <see cref="MaxChecks"/>). Each is answered exactly as <see cref="ICheckGrain.CheckAsync"/> answers it
/// alone; one in another agency's name than <see cref="Agency"/> is refused as forbidden, whoever sends it.
/// </summary>
[GenerateSerializer, Immutable, Alias("jp.CoalescedChecks")]
public sealed record CoalescedChecks(
    [property: Id(0)] string Agency,
    [property: Id(1)] ImmutableArray<CheckRequest> Checks)
{
    public const int MaxChecks = 256;
}

/// <summary>
/// The answers to <see cref="CoalescedChecks"/>, in order: each check's outcome, or, where answering it threw, the
/// exception at the same index of <see cref="Failures"/> (empty when none did), so one check's failure is its own.
/// </summary>
[GenerateSerializer, Immutable, Alias("jp.CoalescedOutcomes")]
public sealed record CoalescedOutcomes(
    [property: Id(0)] ImmutableArray<CheckOutcome?> Outcomes,
    [property: Id(1)] ImmutableArray<Exception?> Failures);
