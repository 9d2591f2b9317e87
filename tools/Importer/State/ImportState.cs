namespace JointPunishment.Importer.State;

/// <summary>
/// What the state file holds: the input it belongs to (full path, and a hash of its first
/// <see cref="FingerprintLength"/> bytes so that an edited or replaced file is not silently skipped, while
/// a file that only grew still matches) and the line through which every record is done.
/// </summary>
public sealed record ImportState(string File, int FingerprintLength, string Fingerprint, long Line, DateTimeOffset UpdatedAt);
