using System.Collections.Immutable;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Domain.Decisions;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Domain.Watchlists;

/// <summary>
/// What a watchlist sees of a subject on a day: the decision under every measure of the catalogue that is not
/// <c>allow</c>, made by the <see cref="DecisionEngine"/> exactly as a check without an action makes it (as debtor and
/// as officer of listed units; a watch has no related persons), and the next day one of them can change without a
/// court event (a retention running out, 四(二)5).
/// </summary>
public static class WatchedDecisions
{
    /// <summary>The measures that do not answer <c>allow</c> on <paramref name="today"/>, with their decision.</summary>
    public static ImmutableArray<(string Measure, Decision Decision)> Restricted(
        IdType subjectType, ImmutableArray<Listing> listings, ImmutableArray<OfficerLink> officerLinks, DateOnly today)
    {
        var input = new DecisionInput(
            subjectType is IdType.ResidentId or IdType.Passport, listings.IsDefault ? [] : listings, officerLinks.IsDefault ? [] : officerLinks, []);
        var restricted = ImmutableArray.CreateBuilder<(string, Decision)>();
        foreach (var measure in MeasureCatalogue.All)
        {
            var decision = DecisionEngine.Decide(measure, input, action: null, today).Decision;
            if (decision != Decision.Allow)
            {
                restricted.Add((measure.Code, decision));
            }
        }

        return restricted.ToImmutable();
    }

    /// <summary>
    /// The first day after <paramref name="today"/> on which a retention in force today has ended, as debtor or as
    /// officer; null when none will end. Only a retention changes a decision with no court event: a listing, its
    /// suspension and its end all come as events.
    /// </summary>
    public static DateOnly? NextChange(ImmutableArray<Listing> listings, ImmutableArray<OfficerLink> officerLinks, DateOnly today)
    {
        var cases = (listings.IsDefault ? [] : listings)
            .Concat((officerLinks.IsDefault ? [] : officerLinks).Where(l => l.Listing is not null).Select(l => l.Listing!));
        DateOnly? next = null;
        foreach (var listing in cases)
        {
            if (listing.Status is not (ListingStatus.Shielded or ListingStatus.Revoked) || listing.Wrongful)
            {
                continue;
            }

            foreach (var retention in listing.Retentions)
            {
                if (retention.Until >= today && (next is null || retention.Until.AddDays(1) < next))
                {
                    next = retention.Until.AddDays(1);
                }
            }
        }

        return next;
    }
}
