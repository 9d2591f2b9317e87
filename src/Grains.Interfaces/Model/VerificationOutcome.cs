namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>How a court closed the verification of an objection: the listing stands, or it was wrong.</summary>
public enum VerificationOutcome
{
    Confirmed = 1,
    Revoked = 2,
}
