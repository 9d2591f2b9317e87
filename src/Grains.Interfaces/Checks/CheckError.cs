namespace JointPunishment.Grains.Interfaces.Checks;

public enum CheckError
{
    None = 0,

    /// <summary>A field is invalid (HTTP 400); <see cref="CheckOutcome.Field"/> names it.</summary>
    Invalid = 1,

    /// <summary>The agency is unknown or does not hold the measure (HTTP 403).</summary>
    Forbidden = 2,
}
