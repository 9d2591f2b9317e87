namespace JointPunishment.Grains.Tests;

/// <summary>Orleans' in-memory reminder table, counting the single-reminder reads made through it.</summary>
public sealed class CountingReminderTable(IReminderTable inner) : IReminderTable
{
    private int _rowReads;

    /// <summary>Calls of <see cref="ReadRow"/> so far.</summary>
    public int RowReads => Volatile.Read(ref _rowReads);

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        Interlocked.Increment(ref _rowReads);
        return inner.ReadRow(grainId, reminderName);
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) => inner.ReadRows(grainId);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => inner.ReadRows(begin, end);

    public Task<string?> UpsertRow(ReminderEntry entry) => inner.UpsertRow(entry);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => inner.RemoveRow(grainId, reminderName, eTag);

    public Task TestOnlyClearTable() => inner.TestOnlyClearTable();
}
