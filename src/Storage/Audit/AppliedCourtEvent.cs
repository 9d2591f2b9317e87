namespace JointPunishment.Storage.Audit;

/// <summary>
/// A court event to be on record as applied: <paramref name="SubjectKey"/> is the subject's key, never its number;
/// <paramref name="Retried"/> when it was answered <c>duplicate</c> (applied by an earlier attempt).
/// </summary>
public sealed record AppliedCourtEvent(string SubjectKey, string EventId, string Type, string CaseNumber, bool Retried);
