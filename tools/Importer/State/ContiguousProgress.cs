namespace JointPunishment.Importer.State;

/// <summary>
/// Batches finish in any order; the position that can be recorded as done is the end of the longest run
/// of finished batches from the start (batch sequence numbers 0, 1, 2, … with none missing).
/// Not thread-safe: the caller serialises <see cref="Complete"/>.
/// </summary>
public sealed class ContiguousProgress(long startLine, long startByte = 0)
{
    private readonly Dictionary<long, (long Line, long Byte)> _finishedAhead = [];
    private long _next;

    /// <summary>Every record that starts on or before this line is done.</summary>
    public long Line { get; private set; } = startLine;

    /// <summary>Approximately where in the file <see cref="Line"/> is, for progress on large files.</summary>
    public long Byte { get; private set; } = startByte;

    /// <summary>Marks a batch finished; true when <see cref="Line"/> moved forward.</summary>
    public bool Complete(long sequence, long lastLine, long endByte)
    {
        if (sequence < _next || !_finishedAhead.TryAdd(sequence, (lastLine, endByte)))
        {
            throw new InvalidOperationException($"batch {sequence} completed twice");
        }

        var advanced = false;
        while (_finishedAhead.Remove(_next, out var done))
        {
            (Line, Byte) = (Math.Max(Line, done.Line), Math.Max(Byte, done.Byte));
            _next++;
            advanced = true;
        }

        return advanced;
    }
}
