namespace JointPunishment.Storage.Accountability;

/// <summary>
/// What the records hold on one agency: check counts (<c>jp_check_count</c>), feedback (<c>jp_feedback</c>),
/// failures to punish (feedback <c>served</c> on a <c>block</c>, and justified complaints), and the notices issued.
/// <see cref="FirstFailureAfterLastInterview"/> is the earliest failure after the latest interview, if any.
/// </summary>
public sealed record LedgerRecord(
    long Checks,
    long Hits,
    long Refused,
    long Served,
    long Reviewed,
    long ServedOnBlock,
    long JustifiedComplaints,
    IReadOnlyList<AgencyNotice> Notices,
    DateTimeOffset? FirstFailureAfterLastInterview);
