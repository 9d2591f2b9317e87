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
    public void For_PendingReconsideration_IsDueFifteenDaysLater_ForTheHigherCourtThatDecides()
    {
        var listing = Listed with { Reconsideration = new Reconsideration(new(2026, 11, 10), "c0") };

        Assert.Equal([new DueStep("(2026)京01执1号", "c0", DueStepKind.Reconsideration, new(2026, 11, 25))], CourtDeadlines.For([listing]));
    }

    [Fact]
    public void For_DecidedReconsideration_HasNoPendingStep() =>
        Assert.Empty(CourtDeadlines.For([Listed with { Reconsideration = new Reconsideration(new(2026, 11, 10), "c0") { DecidedOn = new(2026, 11, 12), Outcome = ReconsiderationOutcome.Dismissed } }]));

    [Fact]
    public void For_OpenObjections_OneStepPerCase_DueThreeDaysAfterTheOldest_TakenUpOnesIgnored()
    {
        var listing = Listed with
        {
            Objections =
            [
                Objection("o1", new(2026, 11, 3)) with { TakenUpOn = new(2026, 11, 4) },
                Objection("o2", new(2026, 11, 7)),
                Objection("o3", new(2026, 11, 5)),
            ],
        };

        Assert.Equal([new DueStep("(2026)京01执1号", "c1", DueStepKind.Objection, new(2026, 11, 8))], CourtDeadlines.For([listing]));
        Assert.Empty(CourtDeadlines.For([Listed with { Objections = [Objection("o1", new(2026, 11, 3)) with { TakenUpOn = new(2026, 11, 4) }] }]));
    }

    private static Objection Objection(string id, DateOnly receivedOn) =>
        new(id, "air", "consumption.air", "reason", new DateTimeOffset(receivedOn, new TimeOnly(4, 0), TimeSpan.Zero), receivedOn);

    [Fact]
    public void DaysOverdue_CountsWholeDaysAfterTheDueDate()
    {
        Assert.Equal(0, CourtDeadlines.DaysOverdue(new(2026, 11, 8), new(2026, 11, 8)));
        Assert.Equal(1, CourtDeadlines.DaysOverdue(new(2026, 11, 8), new(2026, 11, 9)));
    }
}
