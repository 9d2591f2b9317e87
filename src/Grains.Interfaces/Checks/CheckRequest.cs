using System.Collections.Immutable;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>
/// One check, as <c>POST /v1/checks</c>: may <see cref="Agency"/> act under <see cref="Measure"/> for <see cref="Subject"/>?
/// <see cref="Action"/> refines <c>consumption.rail</c>; <see cref="Related"/> feeds +A measures.
/// </summary>
[GenerateSerializer, Immutable, Alias("jp.CheckRequest")]
public sealed record CheckRequest(
    [property: Id(0)] string Agency,
    [property: Id(1)] string Measure,
    [property: Id(2)] SubjectInput Subject)
{
    /// <summary>Related persons one check may name (+A measures).</summary>
    public const int MaxRelatedPersons = 100;

    [Id(3)] public RailAction? Action { get; init; }
    [Id(4)] public ImmutableArray<RelatedInput> Related { get; init; } = [];
}
