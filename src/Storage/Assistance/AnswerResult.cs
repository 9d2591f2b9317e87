namespace JointPunishment.Storage.Assistance;

/// <summary>What <see cref="AssistanceStore.AnswerAsync"/> did.</summary>
public enum AnswerResult
{
    /// <summary>This call answered the request.</summary>
    Answered,

    /// <summary>The request had been answered already (by this call's twin, perhaps): nothing changed.</summary>
    AlreadyAnswered,

    /// <summary>No request with that id is addressed to that agency.</summary>
    NotFound,
}
