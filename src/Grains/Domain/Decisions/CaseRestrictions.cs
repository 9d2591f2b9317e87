using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Domain.Decisions;

/// <summary>Whether one case restricts one measure on a given day.</summary>
public static class CaseRestrictions
{
    /// <summary>
    /// A listed case restricts every measure not suspended for verification (四(二)4). A shielded or revoked
    /// case restricts only a measure retained through <paramref name="today"/> (四(二)5), and nothing at all when
    /// the listing was wrong.
    /// </summary>
    public static bool Restricts(this Listing listing, string measure, DateOnly today) => listing.Status switch
    {
        ListingStatus.Listed => !listing.Suspensions.Any(s => s.Measure is null || s.Measure == measure),
        ListingStatus.Shielded or ListingStatus.Revoked => !listing.Wrongful && listing.Retentions.Any(r => r.Measure == measure && today <= r.Until),
        _ => false,
    };
}
