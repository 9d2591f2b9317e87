using JointPunishment.Storage.Assistance;

namespace JointPunishment.Gateway.Assistance;

/// <summary>Days an agency has to answer, per kind (<c>Assistance:DueDays:query</c> …); each defaults to <see cref="AssistanceOptions.DefaultDays"/>.</summary>
public sealed class AssistanceDueDays
{
    public int Query { get; set; } = AssistanceOptions.DefaultDays;
    public int Freeze { get; set; } = AssistanceOptions.DefaultDays;
    public int Seize { get; set; } = AssistanceOptions.DefaultDays;
    public int Locate { get; set; } = AssistanceOptions.DefaultDays;
    public int Transfer { get; set; } = AssistanceOptions.DefaultDays;

    public int For(AssistanceKind kind) => kind switch
    {
        AssistanceKind.Query => Query,
        AssistanceKind.Freeze => Freeze,
        AssistanceKind.Seize => Seize,
        AssistanceKind.Locate => Locate,
        AssistanceKind.Transfer => Transfer,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
