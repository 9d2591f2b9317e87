using JointPunishment.Grains.Domain.Lifecycle;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Unit.Tests.Lifecycle;

/// <summary>复议 (四(二)3 "向上一级人民法院申请复议"): requested after a dismissed correction request, decided by the higher court.</summary>
public sealed class ReconsiderationLifecycleTests
{
    private static readonly DateOnly Day0 = Ev.ListedOn;

    private static DateOnly Day(int n) => Day0.AddDays(n);

    /// <summary>Listed on day 0, correction requested on day 1 and dismissed on day 3.</summary>
    private static Listing Dismissed() => Apply(null, Ev.Listed(Day0), Ev.CorrectionRequested(Day(1)), Ev.CorrectionDismissed(Day(3)));

    private static Listing Apply(Listing? start, params CourtEvent[] events)
    {
        var current = start;
        foreach (var e in events)
        {
            var result = ListingLifecycle.Apply(current, e, Ev.HigherCourt);
            Assert.False(result.IsRejected, result.Rejection);
            current = result.Listing;
        }

        return current!;
    }

    private static string Rejected(Listing? current, CourtEvent e, string? higherCourt = Ev.HigherCourt)
    {
        var result = ListingLifecycle.Apply(current, e, higherCourt);
        Assert.True(result.IsRejected);
        return result.Rejection!;
    }

    [Fact]
    public void CorrectionDismissed_RecordsTheDismissalDate()
    {
        Assert.Equal(Day(3), Dismissed().CorrectionDismissedOn);
    }

    [Theory]
    [InlineData(Ev.Court)]
    [InlineData(Ev.HigherCourt)]
    public void Requested_ByListingCourtOrItsHigherCourt_PendsWithTheHigherCourtDeciding(string sender)
    {
        var next = Apply(Dismissed(), Ev.ReconsiderationRequested(Day(5), sender));

        Assert.Equal(new Reconsideration(Day(5), Ev.HigherCourt), next.Reconsideration);
        Assert.True(next.Reconsideration!.IsPending);
        Assert.Equal(ListingStatus.Listed, next.Status);
        Assert.Equal(CourtEventType.ReconsiderationRequested, next.History[^1].Event);
    }

    [Fact]
    public void Requested_OnTheTenthDayAfterDismissal_Accepted_OnTheEleventhRejectedNamingWindowAndDate()
    {
        Apply(Dismissed(), Ev.ReconsiderationRequested(Day(13)));

        var reason = Rejected(Dismissed(), Ev.ReconsiderationRequested(Day(14)));

        Assert.Contains("10 days", reason, StringComparison.Ordinal);
        Assert.Contains($"{Day(3):yyyy-MM-dd}", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Requested_BeforeTheDismissal_Rejected() =>
        Assert.Contains("before the dismissal", Rejected(Dismissed(), Ev.ReconsiderationRequested(Day(2))), StringComparison.Ordinal);

    [Fact]
    public void Requested_WithoutADismissedCorrection_Rejected()
    {
        var pendingCorrection = Apply(null, Ev.Listed(Day0), Ev.CorrectionRequested(Day(1)));

        Assert.Contains("dismiss", Rejected(pendingCorrection, Ev.ReconsiderationRequested(Day(2))), StringComparison.Ordinal);
    }

    [Fact]
    public void Requested_WhenTheListingCourtHasNoHigherCourt_Rejected() =>
        Assert.Contains("no higher court", Rejected(Dismissed(), Ev.ReconsiderationRequested(Day(4)), higherCourt: null), StringComparison.Ordinal);

    [Fact]
    public void Requested_ByAnotherCourt_RejectedNamingTheOwningCourt() =>
        Assert.Contains(Ev.Court, Rejected(Dismissed(), Ev.ReconsiderationRequested(Day(4), Ev.OtherCourt)), StringComparison.Ordinal);

    [Fact]
    public void Requested_Twice_Rejected()
    {
        var pending = Apply(Dismissed(), Ev.ReconsiderationRequested(Day(4)));

        Assert.Contains("already pending", Rejected(pending, Ev.ReconsiderationRequested(Day(5))), StringComparison.Ordinal);
    }

    [Fact]
    public void Decided_Upheld_LiftsTheListingAsAWrongfulOne_RetentionIncluded()
    {
        var pending = Apply(Dismissed(), Ev.Retained(Day(4), Ev.Measure, Day(300)), Ev.ReconsiderationRequested(Day(4)));

        var decided = Apply(pending, Ev.ReconsiderationDecided(Day(10), ReconsiderationOutcome.Upheld));

        Assert.Equal(ListingStatus.Revoked, decided.Status);
        Assert.True(decided.Wrongful);
        Assert.Empty(decided.Retentions);
        Assert.Equal(new Reconsideration(Day(4), Ev.HigherCourt) { DecidedOn = Day(10), Outcome = ReconsiderationOutcome.Upheld }, decided.Reconsideration);
    }

    [Fact]
    public void Decided_Dismissed_ListingStands()
    {
        var pending = Apply(Dismissed(), Ev.ReconsiderationRequested(Day(4)));

        var decided = Apply(pending, Ev.ReconsiderationDecided(Day(10), ReconsiderationOutcome.Dismissed));

        Assert.Equal(ListingStatus.Listed, decided.Status);
        Assert.False(decided.Reconsideration!.IsPending);
        Assert.Equal(ReconsiderationOutcome.Dismissed, decided.Reconsideration.Outcome);
    }

    [Theory]
    [InlineData(Ev.Court)]
    [InlineData(Ev.OtherCourt)]
    public void Decided_ByAnyCourtButTheHigherCourt_Rejected(string sender)
    {
        var pending = Apply(Dismissed(), Ev.ReconsiderationRequested(Day(4)));

        Rejected(pending, Ev.ReconsiderationDecided(Day(10), ReconsiderationOutcome.Upheld, sender));
    }

    [Fact]
    public void Decided_ByTheListingCourt_RejectedNamingTheHigherCourt()
    {
        var pending = Apply(Dismissed(), Ev.ReconsiderationRequested(Day(4)));

        var reason = Rejected(pending, Ev.ReconsiderationDecided(Day(10), ReconsiderationOutcome.Upheld, Ev.Court));

        Assert.Contains($"higher court {Ev.HigherCourt}", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decided_WithoutAPendingRequest_Rejected() =>
        Assert.Contains("no reconsideration", Rejected(Dismissed(), Ev.ReconsiderationDecided(Day(10), ReconsiderationOutcome.Upheld)), StringComparison.Ordinal);

    [Fact]
    public void HigherCourt_SendingAnyOtherEvent_Rejected() =>
        Assert.Contains(Ev.Court, Rejected(Dismissed(), Ev.Shielded(Day(5)) with { Court = Ev.HigherCourt }), StringComparison.Ordinal);

    [Fact]
    public void Listed_Again_StartsWithoutTheEarlierReconsideration()
    {
        var decided = Apply(Dismissed(), Ev.ReconsiderationRequested(Day(4)), Ev.ReconsiderationDecided(Day(10), ReconsiderationOutcome.Upheld));

        var relisted = Apply(decided, Ev.Listed(Day(20)));

        Assert.Null(relisted.Reconsideration);
        Assert.Null(relisted.CorrectionDismissedOn);
    }
}
