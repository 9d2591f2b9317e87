namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>What a measure does to a subject it applies to (DOMAIN.md "Decisions an agency gets").</summary>
public enum Effect
{
    /// <summary>限制 / 不得 / 禁止: decision <c>block</c>.</summary>
    Prohibit = 1,

    /// <summary>从严审核 / 从严审批: decision <c>review</c>.</summary>
    StrictReview = 2,

    /// <summary>审慎性参考: decision <c>flag</c>, the agency decides.</summary>
    Reference = 3,

    /// <summary>限额控制: decision <c>limit</c>.</summary>
    Quota = 4,

    /// <summary>重点监管, raised inspection rate: decision <c>flag</c>.</summary>
    Supervise = 5,

    /// <summary>协助查询、控制: decision <c>flag</c>; the agency owes the court assistance.</summary>
    Assist = 6,
}
