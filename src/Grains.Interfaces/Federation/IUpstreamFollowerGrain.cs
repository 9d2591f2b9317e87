using Orleans.Concurrency;

namespace JointPunishment.Grains.Interfaces.Federation;

/// <summary>
/// Follows the upstream node's federation feed (CONTRACT.md "Following the national list"): one per cluster, keyed
/// <see cref="GrainKeys.UpstreamFollower"/>, kept running by a reminder while the silos are configured with an upstream.
/// </summary>
public interface IUpstreamFollowerGrain : IGrainWithStringKey
{
    /// <summary>Starts following if the silos are configured to and it is not running yet; every silo calls it on start.</summary>
    Task EnsureRunningAsync();

    /// <summary>Where the following stands; null when this node follows no upstream.</summary>
    [AlwaysInterleave]
    Task<UpstreamStatus?> GetStatusAsync();
}
