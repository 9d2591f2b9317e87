namespace JointPunishment.Grains.Domain.Deadlines;

/// <summary>The court steps with a deadline the platform tracks (四(二)3, 四(二)4). Stored as a smallint.</summary>
public enum DueStepKind : short
{
    /// <summary>人民法院应当自收到申请之日起3日内审查 (四(二)3): rule on a correction request.</summary>
    CorrectionReview = 1,

    /// <summary>执行法院应当在3日内屏蔽或者撤销 (四(二)4): shield or revoke once the obligation is performed.</summary>
    Delisting = 2,
}
