namespace JointPunishment.Grains.Domain.Accountability;

/// <summary>
/// 四(四) for an agency that did not apply joint punishment. Every notice (通报) from the second on finds the agency
/// 通报2次以上, so each of them triggers 四(四)1–2:
/// 1. 取消其文明单位、平安先进单位评选资格: the agency loses civilised / safe-unit eligibility, from the second notice,
///    with no end date in the text (<c>unit_honours_ineligible</c>);
///    取消其单位负责人…和直接责任人员五年之内参评…荣誉的资格: its responsible persons may not stand for honours for five
///    years from the triggering notice (<c>honours_ineligible</c>, until the same CST date five years on; a notice within
///    a running period extends it);
/// 2. 在年度绩效、综治考核中扣减该项目的分值: a deduction in the annual assessment of the calendar year (CST) of the
///    triggering notice (<c>performance_deduction</c>, one per year with a triggering notice, through 31 December);
/// 3. 约谈后仍未依照规定实施联合惩戒: a failure to punish after an interview refers the responsible persons to the
///    discipline inspection organs (<c>disciplinary_referral</c>, since that failure).
/// </summary>
public static class AgencyConsequences
{
    public const string UnitHonoursIneligible = "unit_honours_ineligible";
    public const string HonoursIneligible = "honours_ineligible";
    public const string PerformanceDeduction = "performance_deduction";
    public const string DisciplinaryReferral = "disciplinary_referral";

    /// <summary>Notices from which 四(四)1–2 apply.</summary>
    public const int NoticesThreshold = 2;

    /// <summary>四(四)1: 五年之内.</summary>
    public const int HonoursYears = 5;

    /// <summary>
    /// The consequences, in this order: <c>honours_ineligible</c> periods, <c>performance_deduction</c> years,
    /// <c>unit_honours_ineligible</c>, <c>disciplinary_referral</c> (the first two kept first, as before the unit one
    /// was added).
    /// </summary>
    /// <param name="noticesIssuedAt">When each 通报 was issued, in order.</param>
    /// <param name="firstFailureAfterLastInterview">The earliest failure to punish after the latest 约谈, if any.</param>
    public static IReadOnlyList<Consequence> For(IReadOnlyList<DateTimeOffset> noticesIssuedAt, DateTimeOffset? firstFailureAfterLastInterview)
    {
        var consequences = new List<Consequence>();
        var triggers = noticesIssuedAt.Skip(NoticesThreshold - 1).ToArray();
        if (triggers.Length > 0)
        {
            consequences.AddRange(HonoursPeriods(triggers));
            consequences.AddRange(triggers
                .GroupBy(t => ChinaCalendar.DateOf(t).Year)
                .Select(year => new Consequence(PerformanceDeduction, "四(四)2", year.First(), new DateOnly(year.Key, 12, 31)) { Year = year.Key }));
            consequences.Add(new Consequence(UnitHonoursIneligible, "四(四)1", triggers[0], null));
        }

        if (firstFailureAfterLastInterview is { } failure)
        {
            consequences.Add(new Consequence(DisciplinaryReferral, "四(四)3", failure, null));
        }

        return consequences;
    }

    /// <summary>Five years from each trigger; a trigger on or before the end of the running period extends it.</summary>
    private static IEnumerable<Consequence> HonoursPeriods(DateTimeOffset[] triggers)
    {
        var since = triggers[0];
        var until = ChinaCalendar.DateOf(since).AddYears(HonoursYears);
        foreach (var trigger in triggers.Skip(1))
        {
            var day = ChinaCalendar.DateOf(trigger);
            if (day > until)
            {
                yield return new Consequence(HonoursIneligible, "四(四)1", since, until);
                since = trigger;
            }

            var end = day.AddYears(HonoursYears);
            until = end > until ? end : until;
        }

        yield return new Consequence(HonoursIneligible, "四(四)1", since, until);
    }
}
