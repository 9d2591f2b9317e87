namespace JointPunishment.Importer.Http;

/// <summary>The RFC 9457 problem document the gateway answers errors with.</summary>
public sealed record ProblemDocument(string? Type, string? Title, int? Status, string? Detail, Dictionary<string, string[]>? Errors);
