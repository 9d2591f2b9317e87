namespace JointPunishment.Importer;

/// <summary>
/// An event the gateway rejected (or, with no event id, a record that was invalid locally), by the line it starts on;
/// in a dry run, one problem of a record, with the <paramref name="Field"/> it is in when it is in one.
/// </summary>
public sealed record Rejection(long Line, string? EventId, string? Error, string? Field = null);
