namespace JointPunishment.Storage.Accountability;

/// <summary>What the leading group issued (四(四)). Stored as a smallint.</summary>
public enum NoticeKind : short
{
    /// <summary>通报: from the second, 四(四)1–2 apply.</summary>
    Notice = 1,

    /// <summary>约谈: a failure to punish after it leads to disciplinary referral (四(四)3).</summary>
    Interview = 2,
}
