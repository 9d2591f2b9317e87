namespace JointPunishment.Storage.Assistance;

/// <summary>What a court asks an agency to do (协助执行). Stored as a smallint.</summary>
public enum AssistanceKind : short
{
    /// <summary>查询: what the subject holds with the agency.</summary>
    Query = 1,

    /// <summary>冻结.</summary>
    Freeze = 2,

    /// <summary>扣押 / 查封.</summary>
    Seize = 3,

    /// <summary>查找: where the subject is.</summary>
    Locate = 4,

    /// <summary>划拨 / 过户.</summary>
    Transfer = 5,
}
