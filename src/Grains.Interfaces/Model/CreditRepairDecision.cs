namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>An agency's decision on a credit repair application for its own domain (四(二)6).</summary>
public enum CreditRepairDecision
{
    Granted = 1,
    Denied = 2,
}
