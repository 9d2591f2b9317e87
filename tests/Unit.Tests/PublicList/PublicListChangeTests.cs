using JointPunishment.Grains.Domain.PublicList;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Unit.Tests.PublicList;

public sealed class PublicListChangeTests
{
    private static readonly SubjectRef Person = new(IdType.ResidentId, "640104199003071234", "张三");
    private static readonly DateOnly Day = new(2026, 1, 5);

    [Fact]
    public void ListedPublicCase_IsPublishedMasked()
    {
        var change = PublicListChange.Between(Person, [Listing("l1", ListingStatus.Listed)], []);
        var entry = Assert.Single(change.Published);
        Assert.Equal(new PublicEntry("C1", "l1", "court", "张三", "6401041990****1234", Day), entry);
        Assert.Empty(change.Delistings);
    }

    [Fact]
    public void NonPublicCase_IsNeitherPublishedNorDelisted()
    {
        var hidden = Listing("l1", ListingStatus.Listed) with { Public = false };
        Assert.Empty(PublicListChange.Between(Person, [hidden], []).Published);
        Assert.Empty(PublicListChange.Between(Person, [Delisted(hidden, ListingStatus.Shielded)], []).Delistings);
    }

    [Fact]
    public void SuspendedCase_StaysPublished()
    {
        var suspended = Listing("l1", ListingStatus.Listed) with { Suspensions = [new Suspension(null, Day)] };
        Assert.Single(PublicListChange.Between(Person, [suspended], []).Published);
    }

    [Theory]
    [InlineData(ListingStatus.Shielded, DelistingKind.Shielded)]
    [InlineData(ListingStatus.Revoked, DelistingKind.Revoked)]
    public void PublishedCase_Delisted_YieldsOneDelistingOfItsKind(ListingStatus status, DelistingKind kind)
    {
        var listed = Listing("l1", ListingStatus.Listed);
        var published = PublicListChange.Between(Person, [listed], []).Published;

        var change = PublicListChange.Between(Person, [Delisted(listed, status)], published);

        Assert.Empty(change.Published);
        Assert.Equal(new Delisting(published[0], kind), Assert.Single(change.Delistings));
    }

    [Fact]
    public void PublishedCase_DelistedAndListedAgain_DelistsTheOldEpisodeAndPublishesTheNew()
    {
        var first = Listing("l1", ListingStatus.Listed);
        var published = PublicListChange.Between(Person, [first], []).Published;
        var again = Delisted(first, ListingStatus.Revoked) with
        {
            Status = ListingStatus.Listed,
            History = [.. Delisted(first, ListingStatus.Revoked).History, new StatusChange(CourtEventType.Listed, Day, "l2", ListingStatus.Listed, null)],
        };

        var change = PublicListChange.Between(Person, [again], published);

        Assert.Equal("l2", Assert.Single(change.Published).ListedEventId);
        Assert.Equal(DelistingKind.Revoked, Assert.Single(change.Delistings).Kind);
    }

    [Fact]
    public void PublishedCase_StillListed_YieldsNoDelisting()
    {
        var listed = Listing("l1", ListingStatus.Listed);
        var published = PublicListChange.Between(Person, [listed], []).Published;
        Assert.Empty(PublicListChange.Between(Person, [listed], published).Delistings);
    }

    private static Listing Listing(string listedEventId, ListingStatus status) => new("C1", "court", status, 1)
    {
        ListedOn = Day,
        Public = true,
        History = [new StatusChange(CourtEventType.Listed, Day, listedEventId, ListingStatus.Listed, null)],
    };

    private static Listing Delisted(Listing listing, ListingStatus status) => listing with
    {
        Status = status,
        Version = listing.Version + 1,
        History = listing.History.Add(new StatusChange(
            status == ListingStatus.Shielded ? CourtEventType.Shielded : CourtEventType.Revoked, Day.AddDays(30), "d", status, null)),
    };
}
