namespace JointPunishment.Storage.Accountability;

/// <summary>What became of a resolution attempt: stored, already resolved (409), or no such complaint for this agency (404).</summary>
public enum ComplaintResolution
{
    Resolved,
    AlreadyResolved,
    NotFound,
}
