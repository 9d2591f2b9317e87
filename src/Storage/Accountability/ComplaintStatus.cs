namespace JointPunishment.Storage.Accountability;

/// <summary>Where a complaint stands (四(二)8: 受理、调查和反馈). Stored as a smallint.</summary>
public enum ComplaintStatus : short
{
    Open = 0,
    Justified = 1,
    Unfounded = 2,
}
