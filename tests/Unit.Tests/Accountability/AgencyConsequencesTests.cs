using JointPunishment.Grains.Domain.Accountability;

namespace JointPunishment.Unit.Tests.Accountability;

public sealed class AgencyConsequencesTests
{
    private static readonly DateTimeOffset First = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Second = new(2026, 6, 30, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void For_OneNotice_HasNoConsequence() => Assert.Empty(AgencyConsequences.For([First], null));

    [Fact]
    public void For_SecondNotice_HonoursFiveYearsFromItsCstDate_DeductionInItsYear_UnitEligibilityWithoutEnd()
    {
        // 2026-06-30 17:00 UTC is 2026-07-01 in CST.
        var consequences = AgencyConsequences.For([First, Second], null);

        Assert.Equal(
            [
                new Consequence("honours_ineligible", "四(四)1", Second, new DateOnly(2031, 7, 1)),
                new Consequence("performance_deduction", "四(四)2", Second, new DateOnly(2026, 12, 31)) { Year = 2026 },
                new Consequence("unit_honours_ineligible", "四(四)1", Second, null),
            ],
            consequences);
        Assert.All(consequences, c => Assert.Equal(new DateOnly(2026, 7, 1), c.From));
    }

    [Fact]
    public void For_SecondNoticeOnNewYearsEveUtc_DeductionBelongsToTheCstYear()
    {
        var second = new DateTimeOffset(2026, 12, 31, 16, 30, 0, TimeSpan.Zero);   // 2027-01-01 00:30 CST

        var deduction = Assert.Single(AgencyConsequences.For([First, second], null), c => c.Code == "performance_deduction");

        Assert.Equal(2027, deduction.Year);
        Assert.Equal(new DateOnly(2027, 12, 31), deduction.Until);
    }

    [Fact]
    public void For_PerformanceDeduction_NotInForceAfterItsAssessmentYear()
    {
        var deduction = Assert.Single(AgencyConsequences.For([First, Second], null), c => c.Code == "performance_deduction");

        Assert.False(deduction.InForceOn(new DateOnly(2026, 6, 30)));
        Assert.True(deduction.InForceOn(new DateOnly(2026, 7, 1)));
        Assert.True(deduction.InForceOn(new DateOnly(2026, 12, 31)));
        Assert.False(deduction.InForceOn(new DateOnly(2027, 1, 1)));
    }

    [Fact]
    public void For_HonoursAndUnitEligibility_HonoursEndAfterFiveYearsUnitEligibilityDoesNot()
    {
        var consequences = AgencyConsequences.For([First, Second], null);
        var honours = Assert.Single(consequences, c => c.Code == "honours_ineligible");
        var unit = Assert.Single(consequences, c => c.Code == "unit_honours_ineligible");

        Assert.True(honours.InForceOn(new DateOnly(2031, 7, 1)));
        Assert.False(honours.InForceOn(new DateOnly(2031, 7, 2)));
        Assert.True(unit.InForceOn(new DateOnly(2099, 1, 1)));
    }

    [Fact]
    public void For_ThirdNoticeInALaterYear_AnotherDeductionForThatYear_AndHonoursFiveYearsFromIt()
    {
        var third = new DateTimeOffset(2028, 2, 1, 3, 0, 0, TimeSpan.Zero);

        var consequences = AgencyConsequences.For([First, Second, third], null);

        Assert.Equal(
            [
                new Consequence("honours_ineligible", "四(四)1", Second, new DateOnly(2033, 2, 1)),
                new Consequence("performance_deduction", "四(四)2", Second, new DateOnly(2026, 12, 31)) { Year = 2026 },
                new Consequence("performance_deduction", "四(四)2", third, new DateOnly(2028, 12, 31)) { Year = 2028 },
                new Consequence("unit_honours_ineligible", "四(四)1", Second, null),
            ],
            consequences);
    }

    [Fact]
    public void For_ThirdNoticeInTheSameYear_OneDeductionForThatYear()
    {
        var third = Second.AddDays(30);

        var deductions = AgencyConsequences.For([First, Second, third], null).Where(c => c.Code == "performance_deduction");

        Assert.Equal([2026], deductions.Select(d => d.Year));
    }

    [Fact]
    public void For_NoticeAfterTheHonoursPeriodEnded_StartsASecondPeriod()
    {
        var late = new DateTimeOffset(2032, 1, 10, 3, 0, 0, TimeSpan.Zero);

        var honours = AgencyConsequences.For([First, Second, late], null).Where(c => c.Code == "honours_ineligible").ToArray();

        Assert.Equal(
            [
                new Consequence("honours_ineligible", "四(四)1", Second, new DateOnly(2031, 7, 1)),
                new Consequence("honours_ineligible", "四(四)1", late, new DateOnly(2037, 1, 10)),
            ],
            honours);
    }

    [Fact]
    public void For_FailureAfterInterview_RefersForDiscipline()
    {
        var failure = Second.AddDays(3);
        Assert.Equal([new Consequence("disciplinary_referral", "四(四)3", failure, null)], AgencyConsequences.For([], failure));
    }
}
