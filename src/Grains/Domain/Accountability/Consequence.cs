namespace JointPunishment.Grains.Domain.Accountability;

/// <summary>
/// One consequence an agency bears (四(四)): from when, until when if the text bounds it (a CST date, inclusive), and for
/// a performance deduction the assessment year (年度考核) it belongs to.
/// </summary>
public sealed record Consequence(string Code, string PolicyRef, DateTimeOffset Since, DateOnly? Until)
{
    /// <summary>The calendar year (CST) of the annual assessment a <c>performance_deduction</c> belongs to; null for the others.</summary>
    public int? Year { get; init; }

    /// <summary>The CST date <see cref="Since"/> falls on.</summary>
    public DateOnly From => ChinaCalendar.DateOf(Since);

    /// <summary>Whether the consequence holds on <paramref name="day"/> (CST): from <see cref="From"/> through <see cref="Until"/>, if any.</summary>
    public bool InForceOn(DateOnly day) => From <= day && (Until is not { } until || day <= until);
}
