using JointPunishment.Grains.Domain.Accountability;

namespace JointPunishment.Unit.Tests.Accountability;

public sealed class AgencyConsequencesTests
{
    private static readonly DateTimeOffset First = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Second = new(2026, 6, 30, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void For_OneNotice_HasNoConsequence() => Assert.Empty(AgencyConsequences.For([First], null));

    [Fact]
    public void For_SecondNotice_MakesHonoursIneligibleForFiveYearsFromItsCstDate_AndDeductsPerformance()
    {
        var consequences = AgencyConsequences.For([First, Second], null);

        Assert.Equal(
            [new Consequence("honours_ineligible", "四(四)1", Second, new DateOnly(2031, 7, 1)), new Consequence("performance_deduction", "四(四)2", Second, null)],
            consequences);
    }

    [Fact]
    public void For_FailureAfterInterview_RefersForDiscipline()
    {
        var failure = Second.AddDays(3);
        Assert.Equal([new Consequence("disciplinary_referral", "四(四)3", failure, null)], AgencyConsequences.For([], failure));
    }
}
