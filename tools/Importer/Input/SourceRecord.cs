namespace JointPunishment.Importer.Input;

/// <summary>
/// One record read from the input: either an event as the UTF-8 JSON object to send, or the reason it is
/// invalid and will not be sent. <paramref name="Line"/> is the 1-based line where the record starts.
/// </summary>
public sealed record SourceRecord(long Line, long ByteOffset, byte[]? Json, string? Error)
{
    public static SourceRecord Event(long line, long byteOffset, byte[] json) => new(line, byteOffset, json, null);

    public static SourceRecord Invalid(long line, long byteOffset, string error) => new(line, byteOffset, null, error);
}
