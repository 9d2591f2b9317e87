using JointPunishment.Grains.Domain;

namespace JointPunishment.Grains.Subjects;

/// <summary>
/// The day (China Standard Time) a projection whose view depends on the date computes it for (watchlists: a retention
/// in force today). A service of its own, on the host's clock, so a test can move the day of the projections without
/// moving the clock Orleans itself runs on.
/// </summary>
public sealed class ProjectionCalendar(TimeProvider time)
{
    public DateOnly Today() => time.Today();

    /// <summary>The instant an alert or a row is stamped with.</summary>
    public DateTimeOffset Now() => time.GetUtcNow();
}
