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

    public Task FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
}
