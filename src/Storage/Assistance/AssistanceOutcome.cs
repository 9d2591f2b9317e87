namespace JointPunishment.Storage.Assistance;

/// <summary>An agency's answer to an assistance request. Stored as a smallint.</summary>
public enum AssistanceOutcome : short
{
    Found = 1,
    NotFound = 2,
    Done = 3,
    Unable = 4,
}
