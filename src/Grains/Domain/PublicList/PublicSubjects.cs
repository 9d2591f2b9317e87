using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Domain.PublicList;

/// <summary>Whether anything about a subject may reach a reader outside the courts and agencies.</summary>
public static class PublicSubjects
{
    /// <summary>
    /// Whether one of <paramref name="listings"/> was a public listing. A listing the court marked not to be published
    /// (四(二)2 依法不宜公开) is enforced by agencies but never shown outside them, by any route: a subject with only such
    /// listings stays out of every feed that is not the court's or the agencies' own (CONTRACT "Feeds that are not public").
    /// </summary>
    public static bool HadPublicListing(IEnumerable<Listing> listings)
    {
        ArgumentNullException.ThrowIfNull(listings);
        return listings.Any(l => l.Public && l.ListedOn is not null);
    }
}
