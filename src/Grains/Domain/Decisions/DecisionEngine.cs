using System.Collections.Immutable;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Domain.Decisions;

/// <summary>
/// The decision for one subject, one measure, one action, one day: pure, so the whole table of rules is
/// unit-tested. Scope (二): D reaches every debtor, D(p)/D(u) only persons/units, +O the officers of a listed
/// unit, +A an applicant unit whose related persons are listed.
/// </summary>
public static class DecisionEngine
{
    public const string RailMeasure = "consumption.rail";

    public static CheckResult Decide(Measure measure, DecisionInput input, RailAction? action, DateOnly today)
    {
        if (measure.Code == RailMeasure && action is not null && !RailRules.Restricts(action))
        {
            return CheckResult.Allow;
        }

        var basis = ImmutableArray.CreateBuilder<Basis>();
        var debtorScope = input.SubjectIsPerson ? MeasureScope.PersonDebtor : MeasureScope.UnitDebtor;
        if ((measure.Scope & debtorScope) != 0)
        {
            AddCases(basis, input.OwnListings, SubjectRole.Debtor, measure.Code, today);
        }

        if (measure.Scope.HasFlag(MeasureScope.Officers))
        {
            foreach (var link in input.OfficerLinks)
            {
                if (link.Listing is { } listing && listing.Restricts(measure.Code, today))
                {
                    basis.Add(new Basis(listing.CaseNumber, listing.Court, link.Role));
                }
            }
        }

        if (measure.Scope.HasFlag(MeasureScope.Applicant) && !input.SubjectIsPerson)
        {
            foreach (var related in input.Related)
            {
                AddCases(basis, related.Listings, related.Role, measure.Code, today);
            }
        }

        if (basis.Count == 0)
        {
            return CheckResult.Allow;
        }

        var distinct = basis.Distinct().ToImmutableArray();
        return new CheckResult(DecisionFor(measure.Effect), [new AppliedMeasure(measure.Code, measure.Effect, distinct)]);
    }

    /// <summary>DOMAIN.md "Decisions an agency gets".</summary>
    public static Decision DecisionFor(Effect effect) => effect switch
    {
        Effect.Prohibit => Decision.Block,
        Effect.StrictReview => Decision.Review,
        Effect.Quota => Decision.Limit,
        Effect.Reference or Effect.Supervise or Effect.Assist => Decision.Flag,
        _ => throw new ArgumentOutOfRangeException(nameof(effect), effect, "unknown effect"),
    };

    private static void AddCases(ImmutableArray<Basis>.Builder basis, ImmutableArray<Listing> listings, SubjectRole role, string measure, DateOnly today)
    {
        foreach (var listing in listings)
        {
            if (listing.Restricts(measure, today))
            {
                basis.Add(new Basis(listing.CaseNumber, listing.Court, role));
            }
        }
    }
}
