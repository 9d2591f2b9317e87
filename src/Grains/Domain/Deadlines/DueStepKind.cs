namespace JointPunishment.Grains.Domain.Deadlines;

/// <summary>The court steps with a deadline the platform tracks (四(二)3, 四(二)4). Stored as a smallint.</summary>
public enum DueStepKind : short
{
    /// <summary>人民法院应当自收到申请之日起3日内审查 (四(二)3): rule on a correction request.</summary>
    CorrectionReview = 1,

    /// <summary>执行法院应当在3日内屏蔽或者撤销 (四(二)4): shield or revoke once the obligation is performed.</summary>
    Delisting = 2,

    /// <summary>向上一级人民法院申请复议 (四(二)3): the higher court decides a reconsideration (15 days, national practice).</summary>
    Reconsideration = 3,

    /// <summary>由相关单位告知其向执行法院提出 (四(二)3): the court takes up an objection an agency referred to it.</summary>
    Objection = 4,
}
