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

    /// <summary>
    /// 四(二)3 names no period for the higher court; national practice (the reconsideration rules of the execution
    /// procedure) is 15 days from the request.
    /// </summary>
    public const int ReconsiderationDays = 15;

    /// <summary>
    /// 四(二)3 sets no period for taking up a referred objection; the court's other reviews of the debtor's
    /// complaints under the same section (纠正申请 "3日内审查") take 3 days, and so does this one.
    /// </summary>
    public const int ObjectionDays = 3;

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

            // The step belongs to the court that must take it, not to the case's court: the higher court decides the
            // reconsideration, so it is its overdue list (and its record) the step shows in, under the case number.
            if (listing.Reconsideration is { IsPending: true } reconsideration)
            {
                yield return new DueStep(
                    listing.CaseNumber, reconsideration.Court, DueStepKind.Reconsideration, reconsideration.RequestedOn.AddDays(ReconsiderationDays));
            }

            // One step per case: the oldest open objection decides when the case is overdue (jp_due_step has one row per step).
            var open = listing.Objections.Where(o => o.IsOpen).Select(o => o.ReceivedOn).ToArray();
            if (open.Length > 0)
            {
                yield return new DueStep(listing.CaseNumber, listing.Court, DueStepKind.Objection, open.Min().AddDays(ObjectionDays));
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
