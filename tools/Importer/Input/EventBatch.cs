namespace JointPunishment.Importer.Input;

/// <summary>
/// Consecutive records of the input: the events to send in one request and the invalid records between
/// them. <see cref="LastLine"/> is the line of its last record, the position that is done once the batch
/// is answered; <see cref="Sequence"/> numbers batches from 0 in input order.
/// </summary>
public sealed record EventBatch(long Sequence, long FirstLine, long LastLine, long EndByte, IReadOnlyList<SourceRecord> Events, IReadOnlyList<SourceRecord> Invalid);
