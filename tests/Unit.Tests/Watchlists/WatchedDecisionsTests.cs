using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Domain.Watchlists;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Unit.Tests.Watchlists;

public sealed class WatchedDecisionsTests
{
    private const string Air = "consumption.air";
    private static readonly DateOnly Today = new(2025, 6, 15);
    private static readonly SubjectRef Unit = new(IdType.Uscc, "91350100M000100Y43", "某某公司");
    private static readonly SubjectRef Person = new(IdType.ResidentId, "110105199003071239", "李四");

    private static Listing Listed() => new("(2025)宁0104执123号", "NX0104", ListingStatus.Listed, 1) { ListedOn = new DateOnly(2025, 3, 1), Public = true };

    private static Listing Shielded(DateOnly until, bool wrongful = false) => Listed() with
    {
        Status = ListingStatus.Shielded,
        Wrongful = wrongful,
        Retentions = [new Retention(Air, until, "法律依据", new DateOnly(2025, 3, 11))],
    };

    [Fact]
    public void Restricted_ListedPersonDebtor_IsEveryPersonDebtorMeasureWithItsCheckDecision()
    {
        var restricted = WatchedDecisions.Restricted(IdType.ResidentId, [Listed()], [], Today);

        var expected = MeasureCatalogue.All.Where(m => (m.Scope & MeasureScope.PersonDebtor) != 0).Select(m => m.Code);
        Assert.Equal(expected, restricted.Select(r => r.Measure));
        Assert.Contains((Air, Decision.Block), restricted);
    }

    [Fact]
    public void Restricted_OfficerOfAListedUnit_IsTheOfficerMeasures()
    {
        var link = new OfficerLink(Unit, SubjectRole.LegalRepresentative, "(2025)宁0104执123号", 1, Listed(), Person);

        var restricted = WatchedDecisions.Restricted(IdType.ResidentId, [], [link], Today);

        Assert.Equal(MeasureCatalogue.All.Where(m => m.Scope.HasFlag(MeasureScope.Officers)).Select(m => m.Code), restricted.Select(r => r.Measure));
    }

    [Fact]
    public void Restricted_NothingListed_IsEmpty() =>
        Assert.Empty(WatchedDecisions.Restricted(IdType.ResidentId, [], [], Today));

    [Fact]
    public void Restricted_RetentionThroughToday_KeepsOnlyThatMeasure_AndTheDayAfterNothing()
    {
        Assert.Equal((Air, Decision.Block), Assert.Single(WatchedDecisions.Restricted(IdType.ResidentId, [Shielded(Today)], [], Today)));
        Assert.Empty(WatchedDecisions.Restricted(IdType.ResidentId, [Shielded(Today)], [], Today.AddDays(1)));
    }

    [Fact]
    public void NextChange_IsTheDayAfterTheEarliestRetentionInForce_AsDebtorOrOfficer()
    {
        var later = Shielded(Today.AddDays(30));
        var link = new OfficerLink(Unit, SubjectRole.LegalRepresentative, "(2025)宁0104执9号", 1, Shielded(Today.AddDays(5)), Person);

        Assert.Equal(Today.AddDays(31), WatchedDecisions.NextChange([later], [], Today));
        Assert.Equal(Today.AddDays(6), WatchedDecisions.NextChange([later], [link], Today));
    }

    [Fact]
    public void NextChange_NoRetentionInForce_IsNull()
    {
        Assert.Null(WatchedDecisions.NextChange([Listed()], [], Today));
        Assert.Null(WatchedDecisions.NextChange([Shielded(Today.AddDays(-1))], [], Today));
        Assert.Null(WatchedDecisions.NextChange([Shielded(Today.AddDays(9), wrongful: true)], [], Today));
    }
}
