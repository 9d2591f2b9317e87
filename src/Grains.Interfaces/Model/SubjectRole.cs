namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>
/// How a subject stands in relation to a listing. Wire names are snake_case (<c>legal_representative</c> …).
/// Officers of a listed unit are <see cref="LegalRepresentative"/>, <see cref="Principal"/>,
/// <see cref="ActualController"/> and <see cref="DirectlyResponsible"/>; an applicant's related persons may
/// also be <see cref="Director"/>, <see cref="Supervisor"/> or <see cref="SeniorManager"/>.
/// </summary>
public enum SubjectRole
{
    Debtor = 0,
    LegalRepresentative = 1,
    Principal = 2,
    ActualController = 3,
    DirectlyResponsible = 4,
    Director = 5,
    Supervisor = 6,
    SeniorManager = 7,
}
