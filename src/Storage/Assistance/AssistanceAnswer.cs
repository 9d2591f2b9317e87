namespace JointPunishment.Storage.Assistance;

/// <summary>The agency's one answer to an assistance request.</summary>
public sealed record AssistanceAnswer(AssistanceOutcome Outcome, string? Detail, DateTimeOffset At);
