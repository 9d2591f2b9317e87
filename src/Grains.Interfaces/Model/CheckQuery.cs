using System.Collections.Immutable;

namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>An agency's question about one subject: may it act (<see cref="Measure"/>, optionally a rail <see cref="Action"/>) on <see cref="Today"/>?</summary>
[GenerateSerializer, Immutable, Alias("jp.CheckQuery")]
public sealed record CheckQuery(
    [property: Id(0)] string Measure,
    [property: Id(1)] DateOnly Today,
    [property: Id(2)] RailAction? Action,
    [property: Id(3)] ImmutableArray<RelatedPerson> Related,
    [property: Id(4)] IdType SubjectType);
