namespace JointPunishment.Grains.Domain;

/// <summary>Calendar dates in China Standard Time (UTC+8), as CONTRACT.md defines "today".</summary>
public static class ChinaCalendar
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(this TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime + Offset);
}
