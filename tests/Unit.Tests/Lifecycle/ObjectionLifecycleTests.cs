using JointPunishment.Grains.Domain.Lifecycle;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Unit.Tests.Lifecycle;

/// <summary>Objections agencies refer to the court (四(二)3 "由相关单位告知其向执行法院提出"), taken up by verification (信息核实).</summary>
public sealed class ObjectionLifecycleTests
{
    private static readonly DateOnly Day0 = Ev.ListedOn;

    private static Listing Listed() => ListingLifecycle.Apply(null, Ev.Listed(Day0)).Listing!;

    private static Objection Objection(string id, string measure) =>
        new(id, "air", measure, "已履行", new DateTimeOffset(2025, 3, 2, 2, 0, 0, TimeSpan.Zero), Day0.AddDays(1));

    private static Listing Apply(Listing current, CourtEvent e)
    {
        var result = ListingLifecycle.Apply(current, e);
        Assert.False(result.IsRejected, result.Rejection);
        return result.Listing!;
    }

    [Fact]
    public void ReceiveObjection_ListingInForce_AddsItOpen_WithoutAVersionOrHistoryStep()
    {
        var listed = Listed();

        var next = ListingLifecycle.ReceiveObjection(listed, Objection("o1", Ev.Measure));

        Assert.NotNull(next);
        Assert.True(Assert.Single(next.Objections).IsOpen);
        Assert.Equal(listed.Version, next.Version);
        Assert.Equal(listed.History, next.History);
    }

    [Fact]
    public void ReceiveObjection_ListingShielded_IsNotReceived()
    {
        var shielded = Apply(Listed(), Ev.Shielded(Day0.AddDays(2)));

        Assert.Null(ListingLifecycle.ReceiveObjection(shielded, Objection("o1", Ev.Measure)));
    }

    [Fact]
    public void VerificationStarted_ForTheMeasure_TakesUpOnlyThatMeasuresOpenObjections()
    {
        var withObjections = ListingLifecycle.ReceiveObjection(ListingLifecycle.ReceiveObjection(Listed(), Objection("o1", Ev.Measure))!, Objection("o2", Ev.OtherMeasure))!;

        var next = Apply(withObjections, Ev.VerificationStarted(Day0.AddDays(2), Ev.Measure));

        Assert.Equal(Day0.AddDays(2), next.Objections.Single(o => o.Id == "o1").TakenUpOn);
        Assert.True(next.Objections.Single(o => o.Id == "o2").IsOpen);
    }

    [Fact]
    public void VerificationStarted_ForAllMeasures_TakesUpEveryOpenObjection()
    {
        var withObjections = ListingLifecycle.ReceiveObjection(ListingLifecycle.ReceiveObjection(Listed(), Objection("o1", Ev.Measure))!, Objection("o2", Ev.OtherMeasure))!;

        var next = Apply(withObjections, Ev.VerificationStarted(Day0.AddDays(3), measure: null));

        Assert.All(next.Objections, o => Assert.Equal(Day0.AddDays(3), o.TakenUpOn));
    }

    [Fact]
    public void Listed_Again_StartsWithoutTheEarlierObjections()
    {
        var withObjection = ListingLifecycle.ReceiveObjection(Listed(), Objection("o1", Ev.Measure))!;
        var revoked = Apply(withObjection, Ev.Revoked(Day0.AddDays(2)));

        Assert.Empty(Apply(revoked, Ev.Listed(Day0.AddDays(5))).Objections);
    }
}
