namespace JointPunishment.Storage.Objections;

/// <summary>One objection on one case as a court's list shows it; <see cref="TakenUpOn"/> is null while it is open.</summary>
public sealed record ReferredObjection(
    string Id, string CaseNumber, string Agency, string Measure, string Reason, DateTimeOffset ReceivedAt, DateOnly? TakenUpOn);
