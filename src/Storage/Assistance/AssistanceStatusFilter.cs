namespace JointPunishment.Storage.Assistance;

/// <summary>Which requests a list holds.</summary>
public enum AssistanceStatusFilter
{
    All,
    Open,
    Answered,
}
