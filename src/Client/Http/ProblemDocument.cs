namespace JointPunishment.Client.Http;

/// <summary>An RFC 9457 problem document as the gateway writes it.</summary>
internal sealed record ProblemDocument(string? Title, int? Status, string? Detail, Dictionary<string, string[]>? Errors);
