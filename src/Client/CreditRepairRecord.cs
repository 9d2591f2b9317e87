namespace JointPunishment.Client;

/// <summary>A credit repair decision as recorded on the subject (visible in the court's subject view).</summary>
/// <param name="Subject">The subject, masked.</param>
/// <param name="Agency">The deciding agency's code.</param>
/// <param name="Decision">The decision.</param>
/// <param name="Note">The agency's note, if any (never published in the credit platform's feed).</param>
/// <param name="DecidedAt">When it was recorded.</param>
public sealed record CreditRepairRecord(MaskedSubject Subject, string Agency, CreditRepairDecision Decision, string? Note, DateTimeOffset DecidedAt);
