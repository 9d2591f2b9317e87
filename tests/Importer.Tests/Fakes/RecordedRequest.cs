namespace JointPunishment.Importer.Tests.Fakes;

/// <summary>A request the fake gateway received: its number (from 1), key, event ids in order, and the status it answered.</summary>
public sealed record RecordedRequest(int Number, string? Authorization, IReadOnlyList<string?> EventIds, int Status);
