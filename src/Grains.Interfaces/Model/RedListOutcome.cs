namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>What became of an operator's red-list entry.</summary>
public enum RedListOutcome
{
    /// <summary>Stored (projected for the public query) before this answer; it replaces any earlier entry.</summary>
    Added = 1,

    /// <summary>A listing of the subject is in force: a listed debtor cannot be a model of integrity.</summary>
    Listed = 2,
}
