using JointPunishment.Grains.Checks;

namespace JointPunishment.Grains.Diagnostics;

/// <summary>Counts each check in <see cref="SiloMetrics"/> on its way to the recorder that stores it.</summary>
public sealed class MeteredCheckRecorder(ICheckRecorder inner, SiloMetrics metrics) : ICheckRecorder
{
    public ValueTask RecordAsync(CheckRecord record)
    {
        metrics.CheckRecorded(record);
        return inner.RecordAsync(record);
    }

    public void RecordAllowed(string agency, string measure, DateTimeOffset at, int count)
    {
        metrics.ChecksAllowed(agency, measure, count);
        inner.RecordAllowed(agency, measure, at, count);
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
}
