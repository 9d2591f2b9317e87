using System.Collections.Immutable;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Domain.Catalogue;

/// <summary>
/// One joint-punishment measure of the catalogue (DOMAIN.md "Measure catalogue (二)"; policy text section 二).
/// </summary>
/// <param name="Code">Stable machine code, e.g. <c>consumption.rail</c>. Exact and case-sensitive.</param>
/// <param name="Ref">Section of the policy text the measure comes from, e.g. <c>二(七)1</c>.</param>
/// <param name="Effect">What the measure does to a subject it applies to.</param>
/// <param name="Scope">Whom the measure reaches: person and/or unit debtors, officers of a listed unit, applicant units.</param>
/// <param name="TitleZh">Short Chinese title in the wording of the policy text.</param>
/// <param name="TitleEn">English description (DOMAIN.md "measure" column).</param>
/// <param name="ResponsibleAgencies">Chinese names of the responsible units (责任单位) the text gives for the item; empty when it names none.</param>
public sealed record Measure(
    string Code,
    string Ref,
    Effect Effect,
    MeasureScope Scope,
    string TitleZh,
    string TitleEn,
    ImmutableArray<string> ResponsibleAgencies)
{
    /// <summary>
    /// Wire name of <see cref="Effect"/>: <c>prohibit</c>, <c>strict_review</c>, <c>reference</c>, <c>quota</c>,
    /// <c>supervise</c> or <c>assist</c>.
    /// </summary>
    public string EffectWire => Effect switch
    {
        Effect.Prohibit => "prohibit",
        Effect.StrictReview => "strict_review",
        Effect.Reference => "reference",
        Effect.Quota => "quota",
        Effect.Supervise => "supervise",
        Effect.Assist => "assist",
        _ => throw new InvalidOperationException($"Measure '{Code}' has an undefined effect {(int)Effect}."),
    };

    /// <summary>
    /// <see cref="Scope"/> in DOMAIN.md notation: the debtor part (<c>D</c>, <c>D(p)</c> or <c>D(u)</c>) followed by
    /// <c> +O</c> (officers of a listed unit) and/or <c> +A</c> (applicant unit), e.g. <c>D(p) +O</c>.
    /// </summary>
    public string ScopeNotation
    {
        get
        {
            var debtor = (Scope & MeasureScope.Debtor) switch
            {
                MeasureScope.Debtor => "D",
                MeasureScope.PersonDebtor => "D(p)",
                MeasureScope.UnitDebtor => "D(u)",
                _ => string.Empty,
            };
            var notation = debtor;
            if (Scope.HasFlag(MeasureScope.Officers))
            {
                notation += " +O";
            }

            if (Scope.HasFlag(MeasureScope.Applicant))
            {
                notation += " +A";
            }

            return notation.TrimStart();
        }
    }
}
