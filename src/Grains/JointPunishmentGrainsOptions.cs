namespace JointPunishment.Grains;

/// <summary>What <see cref="GrainsSiloBuilderExtensions.AddJointPunishmentGrains"/> starts besides the grains' services (tests turn parts off).</summary>
public sealed class JointPunishmentGrainsOptions
{
    /// <summary>Whether the silo keeps its copy of the index (<c>LocalIndexReplica</c>) following every shard while it is active.</summary>
    public bool FollowIndex { get; set; } = true;

    /// <summary>Whether the silo activates every index shard before it serves (<c>RestrictedIndexWarmUp</c>).</summary>
    public bool WarmUpIndex { get; set; } = true;
}
