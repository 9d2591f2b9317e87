using System.Runtime.CompilerServices;

namespace JointPunishment.Importer.Input;

/// <summary>Groups records into batches of at most <c>size</c> events, keeping input order.</summary>
public static class Batcher
{
    /// <summary>CONTRACT.md "Court": at most 1000 events per request.</summary>
    public const int MaxBatchSize = 1000;

    public static async IAsyncEnumerable<EventBatch> BatchAsync(
        IAsyncEnumerable<SourceRecord> records, int size, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxBatchSize);

        var sequence = 0L;
        var events = new List<SourceRecord>(size);
        var invalid = new List<SourceRecord>();
        SourceRecord? first = null;
        SourceRecord? last = null;
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            first ??= record;
            last = record;
            (record.Json is null ? invalid : events).Add(record);
            if (events.Count == size)
            {
                yield return new EventBatch(sequence++, first.Line, last.Line, last.ByteOffset, events, invalid);
                events = new List<SourceRecord>(size);
                invalid = [];
                first = null;
            }
        }

        // A tail of invalid records alone is still a batch: nothing to send, but its lines become done.
        if (first is not null && last is not null)
        {
            yield return new EventBatch(sequence, first.Line, last.Line, last.ByteOffset, events, invalid);
        }
    }
}
