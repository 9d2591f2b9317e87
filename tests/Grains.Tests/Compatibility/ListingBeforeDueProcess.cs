using System.Collections.Immutable;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Tests.Compatibility;

/// <summary><see cref="Listing"/> as stored before reconsideration and objections (members 0–13 only), to prove such rows still load.</summary>
[GenerateSerializer, Immutable, Alias("jp.test.ListingBeforeDueProcess")]
public sealed record ListingBeforeDueProcess(
    [property: Id(0)] string CaseNumber,
    [property: Id(1)] string Court,
    [property: Id(2)] ListingStatus Status,
    [property: Id(3)] int Version)
{
    [Id(4)] public DateOnly? ListedOn { get; init; }
    [Id(5)] public bool Public { get; init; }
    [Id(6)] public string? Obligation { get; init; }
    [Id(7)] public ImmutableArray<StatusChange> History { get; init; } = [];
    [Id(8)] public DateOnly? CorrectionRequestedOn { get; init; }
    [Id(9)] public DateOnly? PerformedOn { get; init; }
    [Id(10)] public ImmutableArray<Suspension> Suspensions { get; init; } = [];
    [Id(11)] public ImmutableArray<Retention> Retentions { get; init; } = [];
    [Id(12)] public bool Wrongful { get; init; }
    [Id(13)] public ImmutableArray<Officer> Officers { get; init; } = [];
}
