using JointPunishment.Grains.Domain;

namespace JointPunishment.Unit.Tests.Lifecycle;

public sealed class CourtDatesTests
{
    private static readonly DateOnly Today = new(2026, 12, 4);

    [Theory]
    [InlineData("1900-01-01")]
    [InlineData("2026-12-04")]
    public void Check_StepDateWithinBoundsUpToToday_Accepted(string date) =>
        Assert.Null(CourtDates.Check(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Today));

    [Fact]
    public void Check_StepDateAfterToday_RejectedNamingToday() =>
        Assert.Equal("must not be after today (2026-12-04)", CourtDates.Check(Today.AddDays(1), Today));

    [Theory]
    [InlineData("1899-12-31")]
    [InlineData("2101-01-01")]
    [InlineData("9999-12-29")]
    public void Check_DateOutsideTheCentury_RejectedNamingTheBounds(string date) =>
        Assert.Equal("must be between 1900-01-01 and 2100-12-31", CourtDates.Check(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Check_FutureDateWithoutToday_AcceptedUpToTheLastBound() =>
        Assert.Null(CourtDates.Check(CourtDates.Latest));
}
