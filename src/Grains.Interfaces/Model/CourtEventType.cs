namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>The lifecycle steps a court pushes (CONTRACT.md "Court"; DOMAIN.md 四(二)). Wire names are snake_case.</summary>
public enum CourtEventType
{
    RiskNotice = 1,
    Listed = 2,
    CorrectionRequested = 3,
    CorrectionUpheld = 4,
    CorrectionDismissed = 5,
    VerificationStarted = 6,
    VerificationClosed = 7,
    Shielded = 8,
    Revoked = 9,
    Retained = 10,
    Performed = 11,

    /// <summary>复议 requested from the higher court after a dismissed correction request (四(二)3).</summary>
    ReconsiderationRequested = 12,

    /// <summary>The higher court's decision on a reconsideration (四(二)3).</summary>
    ReconsiderationDecided = 13,
}
