namespace JointPunishment.Grains.Checks;

/// <summary>Records checks durably in the background, so recording never adds a round trip to a check.</summary>
public interface ICheckRecorder
{
    /// <summary>Queues a record; waits only when the queue is full (backpressure), never for the database.</summary>
    ValueTask RecordAsync(CheckRecord record);

    /// <summary>
    /// Counts <paramref name="count"/> checks by one agency for one measure, all answered <c>allow</c> at
    /// <paramref name="at"/>: an allowed check is only counted, so a batch's allows cost one call, not one each.
    /// </summary>
    void RecordAllowed(string agency, string measure, DateTimeOffset at, int count);

    /// <summary>Completes when every record queued before the call is stored.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
