namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>An applicant unit's related person (+A measures), by role and subject grain key.</summary>
[GenerateSerializer, Immutable, Alias("jp.RelatedPerson")]
public sealed record RelatedPerson([property: Id(0)] SubjectRole Role, [property: Id(1)] string SubjectKey);
