namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>What became of a credit repair decision.</summary>
public enum CreditRepairOutcome
{
    /// <summary>Stored (and on its way to the feed before this answer).</summary>
    Recorded = 1,

    /// <summary>The subject was never listed in a case of its own: there is nothing to repair.</summary>
    NeverListed = 2,

    /// <summary>A listing is still in force: repair only follows shielding or revocation (四(二)6).</summary>
    ActiveListing = 3,
}
