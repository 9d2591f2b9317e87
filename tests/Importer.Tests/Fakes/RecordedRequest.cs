namespace JointPunishment.Importer.Tests.Fakes;

/// <summary>A request the fake gateway received: its number (from 1), key, event ids in order, the status it answered, and the subjects' names.</summary>
public sealed record RecordedRequest(int Number, string? Authorization, IReadOnlyList<string?> EventIds, int Status, IReadOnlyList<string?>? Names = null);
