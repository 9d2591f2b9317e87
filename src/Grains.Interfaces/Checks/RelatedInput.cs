using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>A related person of an applicant unit (legal representative, actual controller, director, supervisor, senior manager, principal).</summary>
[GenerateSerializer, Immutable, Alias("jp.RelatedInput")]
public sealed record RelatedInput([property: Id(0)] SubjectRole Role, [property: Id(1)] SubjectInput Subject);
