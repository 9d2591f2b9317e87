namespace JointPunishment.Client;

/// <summary>The agency's answer to an assistance request.</summary>
/// <param name="Outcome">What came of it.</param>
/// <param name="Detail">Free text for the court, optional.</param>
public sealed record AssistanceAnswer(AssistanceOutcome Outcome, string? Detail = null);
