namespace JointPunishment.Importer;

/// <summary>An event the gateway rejected (or, with no event id, a record that was invalid locally), by the line it starts on.</summary>
public sealed record Rejection(long Line, string? EventId, string? Error);
