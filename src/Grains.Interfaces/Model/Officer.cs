namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>An officer a court named when listing a unit (legal representative, principal, actual controller, directly responsible person).</summary>
[GenerateSerializer, Immutable, Alias("jp.Officer")]
public sealed record Officer(
    [property: Id(0)] SubjectRole Role,
    [property: Id(1)] SubjectRef Subject);
