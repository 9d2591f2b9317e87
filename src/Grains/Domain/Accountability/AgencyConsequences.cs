namespace JointPunishment.Grains.Domain.Accountability;

/// <summary>
/// 四(四) for an agency that did not apply joint punishment:
/// 1. 通报2次以上: no civilised / safe-unit eligibility, and its responsible persons may not stand for honours
///    for five years (<c>honours_ineligible</c>, until five years after the second notice, CST date);
/// 2. 通报2次以上: its annual performance score is reduced (<c>performance_deduction</c>);
/// 3. 约谈后仍未依照规定实施联合惩戒: a failure to punish after an interview refers the responsible persons to the
///    discipline inspection organs (<c>disciplinary_referral</c>, since that failure).
/// </summary>
public static class AgencyConsequences
{
    public const string HonoursIneligible = "honours_ineligible";
    public const string PerformanceDeduction = "performance_deduction";
    public const string DisciplinaryReferral = "disciplinary_referral";

    /// <summary>Notices from which 四(四)1–2 apply.</summary>
    public const int NoticesThreshold = 2;

    /// <summary>四(四)1: 五年之内.</summary>
    public const int HonoursYears = 5;

    /// <param name="noticesIssuedAt">When each 通报 was issued, in order.</param>
    /// <param name="firstFailureAfterLastInterview">The earliest failure to punish after the latest 约谈, if any.</param>
    public static IReadOnlyList<Consequence> For(IReadOnlyList<DateTimeOffset> noticesIssuedAt, DateTimeOffset? firstFailureAfterLastInterview)
    {
        var consequences = new List<Consequence>();
        if (noticesIssuedAt.Count >= NoticesThreshold)
        {
            var second = noticesIssuedAt[NoticesThreshold - 1];
            consequences.Add(new Consequence(HonoursIneligible, "四(四)1", second, ChinaCalendar.DateOf(second).AddYears(HonoursYears)));
            consequences.Add(new Consequence(PerformanceDeduction, "四(四)2", second, null));
        }

        if (firstFailureAfterLastInterview is { } failure)
        {
            consequences.Add(new Consequence(DisciplinaryReferral, "四(四)3", failure, null));
        }

        return consequences;
    }
}
