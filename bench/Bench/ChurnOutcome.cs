namespace JointPunishment.Bench;

/// <summary>A churn phase's load, its failed requests (the load's and the decision checker's) and the silo's timeline.</summary>
public sealed record ChurnOutcome(LoadResult Load, long Failed, long Requests, ChurnTimes Times)
{
    /// <summary>Whether the silo both joined and left while the load ran.</summary>
    public bool Completed => Times.CompletedWithin(Load.Seconds);

    /// <summary>Adds this phase's figures as <c>churn{Phase}…</c> (<paramref name="phase"/> is <c>Http</c> or <c>Client</c>).</summary>
    public void AddTo(IDictionary<string, object> figures, string phase)
    {
        figures[$"churn{phase}Seconds"] = Math.Round(Load.Seconds, 1);
        figures[$"churn{phase}ChecksPerSec"] = Math.Round(Load.PerSecond);
        figures[$"churn{phase}P99Ms"] = Math.Round(Load.P99Ms, 2);
        figures[$"churn{phase}JoinedAtS"] = Times.JoinedAtS;
        figures[$"churn{phase}SiloActivations"] = Times.Activations;
        figures[$"churn{phase}StoppedAtS"] = Times.StoppedAtS;
        figures[$"churn{phase}LeftAtS"] = Times.LeftAtS;
        figures[$"churn{phase}FailedRequests"] = Failed;
    }
}
