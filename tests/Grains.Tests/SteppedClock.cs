namespace JointPunishment.Grains.Tests;

/// <summary>The system's time, whose wall clock can be stepped (as NTP or an operator may step a silo's) while its monotonic timestamps run on unchanged.</summary>
public sealed class SteppedClock : TimeProvider
{
    private long _offsetTicks;

    public void Step(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
