using JointPunishment.Grains.Domain.Deadlines;
using JointPunishment.Grains.Domain.Lifecycle;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Principals;
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
}
