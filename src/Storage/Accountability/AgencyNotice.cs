namespace JointPunishment.Storage.Accountability;

/// <summary>A notice or interview issued to an agency.</summary>
public sealed record AgencyNotice(long Id, string Agency, NoticeKind Kind, string Reason, DateTimeOffset IssuedAt);
