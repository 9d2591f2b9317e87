namespace JointPunishment.Grains.Domain;

/// <summary>
/// The dates a court may send (CONTRACT.md "Additions", Dates): none before 1900-01-01 or after 2100-12-31, and a
/// step's date (<c>on</c>, <c>listedOn</c>, <c>servedOn</c>) not after today. Deadlines are counted from these dates,
/// so a date near <see cref="DateOnly.MaxValue"/> would overflow them; bounded, no event can leave a subject unusable.
/// </summary>
public static class CourtDates
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    public static readonly DateOnly Latest = new(2100, 12, 31);

    /// <summary>Why <paramref name="date"/> is out of bounds, or null; <paramref name="today"/> given, the date may not lie after it.</summary>
    public static string? Check(DateOnly date, DateOnly? today = null)
    {
        if (date < Earliest || date > Latest)
        {
            return $"must be between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}";
        }

        return today is { } t && date > t ? $"must not be after today ({t:yyyy-MM-dd})" : null;
    }
}
