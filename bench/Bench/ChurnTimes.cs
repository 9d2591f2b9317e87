namespace JointPunishment.Bench;

/// <summary>
/// When, in seconds from the start of a churn phase's load, the extra silo was started (<c>./run.sh silo</c>), was
/// seen active in <c>GET /v1/cluster</c>, was sent SIGTERM, and had exited after its graceful drain; -1 for a step
/// that did not happen before the phase ended. <see cref="Activations"/>: what <c>GET /v1/cluster</c> counted on it just
/// before SIGTERM.
/// </summary>
public sealed record ChurnTimes(double StartedAtS, double JoinedAtS, double StoppedAtS, double LeftAtS)
{
    public long Activations { get; init; } = -1;

    /// <summary>Whether the silo both joined and left while the load ran (<paramref name="loadSeconds"/> long).</summary>
    public bool CompletedWithin(double loadSeconds) => JoinedAtS >= 0 && LeftAtS >= 0 && LeftAtS < loadSeconds;
}
