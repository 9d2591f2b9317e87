using System.Collections.Immutable;

namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>Many subjects, one measure, as <c>POST /v1/checks/batch</c> (at most <see cref="MaxSubjects"/>).</summary>
[GenerateSerializer, Immutable, Alias("jp.BatchCheckRequest")]
public sealed record BatchCheckRequest(
    [property: Id(0)] string Agency,
    [property: Id(1)] string Measure,
    [property: Id(2)] ImmutableArray<SubjectInput> Subjects)
{
    public const int MaxSubjects = 10_000;
}
