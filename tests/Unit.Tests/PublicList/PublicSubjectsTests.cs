using JointPunishment.Grains.Domain.PublicList;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Unit.Tests.PublicList;

public sealed class PublicSubjectsTests
{
    private static readonly DateOnly Day = new(2026, 1, 5);

    [Fact]
    public void HadPublicListing_OnlyListingsNotToBePublished_IsFalse()
    {
        var hidden = new Listing("C1", "court", ListingStatus.Shielded, 2) { ListedOn = Day, Public = false };
        Assert.False(PublicSubjects.HadPublicListing([hidden, hidden with { CaseNumber = "C2", Status = ListingStatus.Revoked }]));
    }

    [Fact]
    public void HadPublicListing_OnePublicListingAmongHiddenOnes_IsTrue()
    {
        var hidden = new Listing("C1", "court", ListingStatus.Shielded, 2) { ListedOn = Day, Public = false };
        Assert.True(PublicSubjects.HadPublicListing([hidden, hidden with { CaseNumber = "C2", Public = true }]));
    }

    [Fact]
    public void HadPublicListing_ARiskNoticeAlone_IsFalse()
    {
        // A risk notice is no listing, whatever its flag (it never reached the public list).
        Assert.False(PublicSubjects.HadPublicListing([new Listing("C1", "court", ListingStatus.RiskNotice, 1) { Public = true }]));
        Assert.False(PublicSubjects.HadPublicListing([]));
    }
}
