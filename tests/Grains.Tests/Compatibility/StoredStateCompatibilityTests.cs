using JointPunishment.Grains.Domain.Deadlines;
using JointPunishment.Grains.Domain.Lifecycle;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Principals;
using JointPunishment.Grains.Subjects;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace JointPunishment.Grains.Tests.Compatibility;

/// <summary>
/// State stored before the due-process members existed still loads: the Orleans serializer matches members by [Id], so
/// a row written by the earlier shape is read by today's type with the new members at their "none" value.
/// </summary>
public sealed class StoredStateCompatibilityTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(Listing).Assembly).AddAssembly(typeof(PrincipalState).Assembly).AddAssembly(typeof(ListingBeforeDueProcess).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void Listing_StoredBeforeReconsiderationAndObjections_LoadsWithNoneOfThem_AndTakesAnObjection()
    {
        var old = new ListingBeforeDueProcess("(2025)京01执1号", "c1", ListingStatus.Listed, 3) { ListedOn = new(2025, 3, 1), Public = true };

        var loaded = Serializer.Deserialize<Listing>(Serializer.SerializeToArray(old))!;

        Assert.Equal("(2025)京01执1号", loaded.CaseNumber);
        Assert.Equal(new DateOnly(2025, 3, 1), loaded.ListedOn);
        Assert.Null(loaded.CorrectionDismissedOn);
        Assert.Null(loaded.Reconsideration);
        Assert.Empty(loaded.Objections);
        Assert.Empty(CourtDeadlines.For([loaded]));

        var objection = new Objection("o1", "air", "consumption.air", "异议", DateTimeOffset.UnixEpoch, new DateOnly(2025, 3, 2));
        Assert.Single(ListingLifecycle.ReceiveObjection(loaded, objection)!.Objections);
    }

    [Fact]
    public void PrincipalState_StoredBeforeHigherCourts_LoadsWithoutOne()
    {
        var old = new PrincipalStateBeforeHigherCourt { Name = "法院", KeySalt = [1], KeyHash = [2], RegisteredAt = DateTimeOffset.UnixEpoch };

        var loaded = Serializer.Deserialize<PrincipalState>(Serializer.SerializeToArray(old))!;

        Assert.Equal("法院", loaded.Name);
        Assert.Null(loaded.HigherCourt);
    }

    [Fact]
    public void SubjectState_StoredBeforeTheRedList_LoadsWithoutAnEntry()
    {
        var old = new SubjectStateBeforeRedList
        {
            Subject = new SubjectRef(IdType.ResidentId, "110101199003077777", "张三"),
            Listings = { ["(2025)京01执1号"] = new Listing("(2025)京01执1号", "c1", ListingStatus.Shielded, 2) { ListedOn = new(2025, 3, 1) } },
            AppliedEvents = { "c1\nl1" },
            Indexed = true,
            Revision = 4,
            CreditRepairs = { ["bank"] = new CreditRepair("bank", CreditRepairDecision.Granted, null, DateTimeOffset.UnixEpoch, 4) },
        };

        var loaded = Serializer.Deserialize<SubjectState>(Serializer.SerializeToArray(old))!;

        Assert.Equal("张三", loaded.Subject!.Name);
        Assert.Equal(ListingStatus.Shielded, loaded.Listings["(2025)京01执1号"].Status);
        Assert.True(loaded.Indexed);
        Assert.Equal(4, loaded.Revision);
        Assert.Single(loaded.CreditRepairs);
        Assert.Null(loaded.RedList);
    }

    [Fact]
    public void SubjectState_WithARedListEntryAndItsExit_RoundTrips()
    {
        var entry = new RedListEntry("纳税信用A级", "税务机关2026年评定", new DateOnly(2026, 1, 2), new DateOnly(2027, 1, 1))
        {
            ExitedOn = new DateOnly(2026, 5, 6),
            ExitReason = "listed: (2026)京01执9号",
        };
        var state = new SubjectState { Subject = new SubjectRef(IdType.Uscc, "91350100M000100Y43", "某公司"), Indexed = true, Revision = 3, RedList = entry };

        var loaded = Serializer.Deserialize<SubjectState>(Serializer.SerializeToArray(state))!;

        Assert.Equal(entry, loaded.RedList);
        Assert.False(loaded.RedList!.IsActiveOn(new DateOnly(2026, 5, 7)));
        Assert.True((entry with { ExitedOn = null, ExitReason = null }).IsActiveOn(new DateOnly(2027, 1, 1)));
        Assert.False((entry with { ExitedOn = null, ExitReason = null }).IsActiveOn(new DateOnly(2027, 1, 2)));
    }

    [Fact]
    public void CheckResult_WithoutIncentives_ReadsEmpty_AndIncentivesRoundTrip()
    {
        var allow = Serializer.Deserialize<CheckResult>(Serializer.SerializeToArray(CheckResult.Allow))!;
        var withIncentive = CheckResult.Allow with { Incentives = [new Incentive("纳税信用A级", "评定")] };

        Assert.Empty(allow.Incentives);
        Assert.Equal(["纳税信用A级"], Serializer.Deserialize<CheckResult>(Serializer.SerializeToArray(withIncentive))!.Incentives.Select(i => i.Category));
    }
}
