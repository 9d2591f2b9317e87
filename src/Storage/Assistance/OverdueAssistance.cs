namespace JointPunishment.Storage.Assistance;

/// <summary>
/// An assistance request unanswered after its due date, as the operator's list shows it (no subject: the operator is
/// neither party). <see cref="Position"/> pages the list.
/// </summary>
public sealed record OverdueAssistance(
    string Id, string Court, string Agency, string CaseNumber, AssistanceKind Kind, DateTimeOffset RequestedAt, DateOnly DueOn, long Position);
