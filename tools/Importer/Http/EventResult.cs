namespace JointPunishment.Importer.Http;

/// <summary>One element of the court events response: <c>applied</c>, <c>duplicate</c> or <c>rejected</c> (with <c>error</c>).</summary>
public sealed record EventResult(string? EventId, string? Status, string? Error);
