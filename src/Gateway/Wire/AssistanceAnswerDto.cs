namespace JointPunishment.Gateway.Wire;

/// <summary>The agency's answer: <c>found</c>, <c>not_found</c>, <c>done</c> or <c>unable</c>, its detail and when it was given.</summary>
public sealed record AssistanceAnswerDto(string Outcome, string? Detail, DateTimeOffset At);
