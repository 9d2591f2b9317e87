namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>Where one case of a subject stands (四(二)). Only <see cref="Listed"/> restricts by itself.</summary>
public enum ListingStatus
{
    /// <summary>风险提示: noted, no restriction.</summary>
    RiskNotice = 1,

    /// <summary>纳入: restrictions in force.</summary>
    Listed = 2,

    /// <summary>屏蔽: obligation performed or settled; restrictions lifted except retained measures.</summary>
    Shielded = 3,

    /// <summary>撤销: restrictions lifted (all of them when the listing was wrong).</summary>
    Revoked = 4,
}
