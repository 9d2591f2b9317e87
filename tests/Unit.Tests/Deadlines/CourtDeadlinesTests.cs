using JointPunishment.Grains.Domain.Deadlines;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Unit.Tests.Deadlines;

public sealed class CourtDeadlinesTests
{
    private static readonly Listing Listed = new("(2026)京01执1号", "c1", ListingStatus.Listed, 1) { ListedOn = new(2026, 11, 1) };

    [Fact]
    public void For_PendingCorrectionAndPerformance_AreDueThreeCalendarDaysLater()
    {
        var listing = Listed with { CorrectionRequestedOn = new(2026, 11, 5), PerformedOn = new(2026, 11, 28) };

        var steps = CourtDeadlines.For([listing]).ToArray();

        Assert.Equal(
            [new DueStep("(2026)京01执1号", "c1", DueStepKind.CorrectionReview, new(2026, 11, 8)), new DueStep("(2026)京01执1号", "c1", DueStepKind.Delisting, new(2026, 12, 1))],
            steps);
    }

    [Theory]
    [InlineData(ListingStatus.Shielded)]
    [InlineData(ListingStatus.Revoked)]
    [InlineData(ListingStatus.RiskNotice)]
    public void For_ListingNoLongerInForce_HasNoPendingStep(ListingStatus status) =>
        Assert.Empty(CourtDeadlines.For([Listed with { Status = status, PerformedOn = new(2026, 11, 28) }]));

    [Fact]
    public void For_StepStoredBeforeDatesWereBounded_IsDueOnTheLastDateInsteadOfOverflowing()
    {
        // An event dated 9999-12-29 was accepted before the date bounds; its subject must still project.
        var listing = Listed with { CorrectionRequestedOn = new(9999, 12, 29), PerformedOn = DateOnly.MaxValue };

        var steps = CourtDeadlines.For([listing]).ToArray();

        Assert.Equal([DateOnly.MaxValue, DateOnly.MaxValue], steps.Select(s => s.DueOn));
    }

    [Fact]
    public void DaysOverdue_CountsWholeDaysAfterTheDueDate()
    {
        Assert.Equal(0, CourtDeadlines.DaysOverdue(new(2026, 11, 8), new(2026, 11, 8)));
        Assert.Equal(1, CourtDeadlines.DaysOverdue(new(2026, 11, 8), new(2026, 11, 9)));
    }
}
