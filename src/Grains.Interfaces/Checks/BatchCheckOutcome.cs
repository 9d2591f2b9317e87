using System.Collections.Immutable;

namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>The answers to a batch, in input order; or, when the request as a whole is refused (unknown measure, agency not holding it), that error.</summary>
[GenerateSerializer, Immutable, Alias("jp.BatchCheckOutcome")]
public sealed record BatchCheckOutcome(
    [property: Id(0)] ImmutableArray<CheckOutcome> Results,
    [property: Id(1)] CheckOutcome? Refusal = null);
