namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>Why a measure applies: the case, the court's code, and whether the subject is the debtor or an officer/related person.</summary>
[GenerateSerializer, Immutable, Alias("jp.Basis")]
public sealed record Basis(
    [property: Id(0)] string CaseNumber,
    [property: Id(1)] string Court,
    [property: Id(2)] SubjectRole As);
