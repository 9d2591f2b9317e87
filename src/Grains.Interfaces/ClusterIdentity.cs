namespace JointPunishment.Grains.Interfaces;

/// <summary>The Orleans cluster and service ids silos and clients share unless configuration says otherwise.</summary>
public static class ClusterIdentity
{
    public const string DefaultClusterId = "jp";
    public const string DefaultServiceId = "joint-punishment";

    /// <summary>Configuration section holding <c>ClusterId</c> and <c>ServiceId</c>.</summary>
    public const string ConfigurationSection = "Cluster";
}
