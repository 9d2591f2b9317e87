namespace JointPunishment.Grains.Interfaces.Model;

public enum EventStatus
{
    /// <summary>Applied and durable.</summary>
    Applied = 1,

    /// <summary>This court already sent this event id; nothing changed.</summary>
    Duplicate = 2,

    /// <summary>The lifecycle does not allow it; nothing changed and the id is not recorded.</summary>
    Rejected = 3,
}
