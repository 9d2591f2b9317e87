namespace JointPunishment.Grains.Interfaces.Principals;

/// <summary>What a registered feed consumer may read; stored as its number.</summary>
public enum ConsumerRole
{
    /// <summary>The public credit information system: reads the credit repair feed (四(二)6 同时提供给公共信用信息系统).</summary>
    CreditPlatform = 1,

    /// <summary>A downstream node of the platform that follows this one's events (五, national → regional).</summary>
    Node = 2,
}
