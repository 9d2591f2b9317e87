namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>The higher court's decision on a reconsideration (复议, 四(二)3). Wire names <c>upheld</c>, <c>dismissed</c>.</summary>
public enum ReconsiderationOutcome
{
    /// <summary>The listing was wrong: it is revoked and everything lifted, as after an upheld correction request.</summary>
    Upheld = 1,

    /// <summary>The listing stands.</summary>
    Dismissed = 2,
}
