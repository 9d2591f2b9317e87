namespace JointPunishment.Gateway.Wire;

/// <summary>One agency's credit repair decision on a subject (四(二)6), as the court's subject view shows it.</summary>
public sealed record CreditRepairDto(string Agency, string Decision, string? Note, DateTimeOffset DecidedAt);
