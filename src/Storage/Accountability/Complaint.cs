namespace JointPunishment.Storage.Accountability;

/// <summary>A stored complaint. <see cref="SubjectKey"/> is the keyed grain hash; the identifier itself is only kept masked.</summary>
public sealed record Complaint(
    Guid Id,
    string Agency,
    string? SubjectKey,
    string? SubjectType,
    string? SubjectMasked,
    string? SubjectName,
    string Description,
    string? Contact,
    ComplaintStatus Status,
    string? Response,
    bool PunishmentApplied,
    DateTimeOffset FiledAt,
    DateTimeOffset? ResolvedAt);
