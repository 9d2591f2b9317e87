using System.Collections.Immutable;
using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Domain.PublicList;

/// <summary>
/// What a subject's new state means for the public list: the entries to show now, and the published entries that
/// were delisted since. Pure, so that the rules are unit-tested; the PostgreSQL projection only stores the result.
/// </summary>
/// <param name="Published">Every case of the subject that is listed and public: restrictions in force (a suspension
/// during verification, 四(二)4, suspends enforcement of a measure but does not withdraw the listing, so it stays).</param>
/// <param name="Delistings">Entries that were published before and have left the list because their case was shielded
/// or revoked. Entries that were never published (not public, or listed and delisted between two projections) yield none.</param>
public sealed record PublicListChange(ImmutableArray<PublicEntry> Published, ImmutableArray<Delisting> Delistings)
{
    /// <summary>Compares <paramref name="listings"/> of <paramref name="subject"/> with what was <paramref name="previouslyPublished"/>.</summary>
    public static PublicListChange Between(SubjectRef subject, IEnumerable<Listing> listings, IReadOnlyCollection<PublicEntry> previouslyPublished)
    {
        var all = listings.ToArray();
        var published = PublishedOf(subject, all);
        var ended = EndedEpisodes(all, published);
        var delistings = ImmutableArray.CreateBuilder<Delisting>();
        foreach (var before in previouslyPublished)
        {
            if (ended.FirstOrDefault(e => e.CaseNumber == before.CaseNumber && e.ListedEventId == before.ListedEventId) is { } episode)
            {
                delistings.Add(new Delisting(before, episode.Kind));
            }
        }

        return new PublicListChange(published, delistings.ToImmutable());
    }

    /// <summary>
    /// Every case of <paramref name="subject"/> the public list shows now: listed and public, restrictions in force
    /// (a suspension during verification, 四(二)4, suspends enforcement of a measure but does not withdraw the listing).
    /// </summary>
    public static ImmutableArray<PublicEntry> PublishedOf(SubjectRef subject, IEnumerable<Listing> listings)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var masked = IdentityMask.Mask(subject.IdType, subject.IdNumber);
        var name = SubjectNames.Normalise(subject.Name);
        return listings
            .Where(l => l.Status == ListingStatus.Listed && l.Public && l.ListedOn is not null && EpisodeStart(l) is not null)
            .Select(l => new PublicEntry(l.CaseNumber, EpisodeStart(l)!, l.Court, name, masked, l.ListedOn!.Value))
            .ToImmutableArray();
    }

    /// <summary>
    /// The listing episodes of <paramref name="listings"/> that ended in shielding or revocation and are not
    /// <paramref name="published"/> now: those of them that were published before are delistings. Knowing them
    /// without what was published lets the store pick the delistings in the same statement that replaces the entries.
    /// </summary>
    public static ImmutableArray<EndedEpisode> EndedEpisodes(IEnumerable<Listing> listings, IReadOnlyCollection<PublicEntry> published)
    {
        ArgumentNullException.ThrowIfNull(listings);
        var ended = ImmutableArray.CreateBuilder<EndedEpisode>();
        foreach (var listing in listings)
        {
            foreach (var step in listing.History.Where(s => s.Event == CourtEventType.Listed))
            {
                if (!published.Any(p => p.CaseNumber == listing.CaseNumber && p.ListedEventId == step.EventId)
                    && DelistingOf(listing, step.EventId) is { } kind)
                {
                    ended.Add(new EndedEpisode(listing.CaseNumber, step.EventId, kind));
                }
            }
        }

        return ended.ToImmutable();
    }

    /// <summary>The event id of the last <c>listed</c> step: it names the current listing episode.</summary>
    private static string? EpisodeStart(Listing listing)
    {
        for (var i = listing.History.Length - 1; i >= 0; i--)
        {
            if (listing.History[i].Event == CourtEventType.Listed)
            {
                return listing.History[i].EventId;
            }
        }

        return null;
    }

    /// <summary>How the episode started by <paramref name="listedEventId"/> ended, if it did: the first shielded or revoked step after it.</summary>
    private static DelistingKind? DelistingOf(Listing listing, string listedEventId)
    {
        var history = listing.History;
        var start = 0;
        while (start < history.Length && !(history[start].Event == CourtEventType.Listed && history[start].EventId == listedEventId))
        {
            start++;
        }

        for (var i = start + 1; i < history.Length && history[i].Event != CourtEventType.Listed; i++)
        {
            switch (history[i].StatusAfter)
            {
                case ListingStatus.Shielded:
                    return DelistingKind.Shielded;
                case ListingStatus.Revoked:
                    return DelistingKind.Revoked;
            }
        }

        return null;
    }
}
