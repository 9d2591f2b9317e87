using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Domain.Deadlines;

/// <summary>
/// The court's own deadlines (四(二)). Both are "3日内", counted in calendar days: the same text says
/// "3个工作日" where it means working days (四(二)7, republishers), so a plain "日" is a calendar day. The day
/// of the triggering step is day 0, so a request received on the 1st must be ruled on by the 4th; the step
/// is overdue from the 5th (daysOverdue 1). Dates are China Standard Time calendar dates.
/// </summary>
public static class CourtDeadlines
{
    /// <summary>四(二)3: a correction request is reviewed within 3 days of receipt.</summary>
    public const int CorrectionReviewDays = 3;

    /// <summary>四(二)4: the listing is shielded or revoked within 3 days of performance, settlement or termination.</summary>
    public const int DelistingDays = 3;

    /// <summary>The pending steps of a subject's own cases; only a listing still in force has any.</summary>
    public static IEnumerable<DueStep> For(IEnumerable<Listing> listings)
    {
        foreach (var listing in listings.Where(l => l.Status == ListingStatus.Listed))
        {
            if (listing.CorrectionRequestedOn is { } requested)
            {
                yield return new DueStep(listing.CaseNumber, listing.Court, DueStepKind.CorrectionReview, Due(requested, CorrectionReviewDays));
            }

            if (listing.PerformedOn is { } performed)
            {
                yield return new DueStep(listing.CaseNumber, listing.Court, DueStepKind.Delisting, Due(performed, DelistingDays));
            }
        }
    }

    /// <summary>
    /// <paramref name="days"/> after <paramref name="from"/>, at most <see cref="DateOnly.MaxValue"/>: events are bounded to
    /// 2100 (<see cref="CourtDates"/>), but a subject stored before the bound must still project instead of throwing.
    /// </summary>
    private static DateOnly Due(DateOnly from, int days) =>
        from.DayNumber > DateOnly.MaxValue.DayNumber - days ? DateOnly.MaxValue : from.AddDays(days);

    /// <summary>Whole days past <paramref name="dueOn"/> on <paramref name="today"/>; 0 or less means not overdue.</summary>
    public static int DaysOverdue(DateOnly dueOn, DateOnly today) => today.DayNumber - dueOn.DayNumber;
}
