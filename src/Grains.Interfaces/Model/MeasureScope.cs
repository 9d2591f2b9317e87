namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>Whom a measure reaches (DOMAIN.md scope column).</summary>
[Flags]
public enum MeasureScope
{
    None = 0,

    /// <summary>A natural-person debtor (D, D(p)).</summary>
    PersonDebtor = 1,

    /// <summary>A unit debtor (D, D(u)).</summary>
    UnitDebtor = 2,

    /// <summary>+O: the officers of a listed unit (legal representative, principal, actual controller, directly responsible persons).</summary>
    Officers = 4,

    /// <summary>+A: an applicant unit whose legal representative, actual controller, directors, supervisors or senior managers is listed.</summary>
    Applicant = 8,

    /// <summary>D: every debtor.</summary>
    Debtor = PersonDebtor | UnitDebtor,
}
