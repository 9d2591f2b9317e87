namespace JointPunishment.Importer.Input;

/// <summary>Reads court events from a file format, streaming, in input order.</summary>
public interface IEventSource
{
    /// <summary>
    /// The records of the input, skipping those that start on or before <paramref name="skipThroughLine"/>
    /// (the position a previous run recorded as done).
    /// </summary>
    IAsyncEnumerable<SourceRecord> ReadAsync(long skipThroughLine, CancellationToken cancellationToken);
}
