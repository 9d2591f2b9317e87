namespace JointPunishment.Grains.Domain;

/// <summary>Calendar dates in China Standard Time (UTC+8), as CONTRACT.md defines "today".</summary>
public static class ChinaCalendar
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(this TimeProvider time) => DateOf(time.GetUtcNow());

    /// <summary>The CST calendar date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime + Offset);
}
