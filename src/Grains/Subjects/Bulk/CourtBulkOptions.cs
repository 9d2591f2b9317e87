namespace JointPunishment.Grains.Subjects.Bulk;

/// <summary>How a court's request applies its events (<see cref="CourtEventsGrain"/>), from the silos' configuration section <c>Court</c>.</summary>
public sealed class CourtBulkOptions
{
    public const string Section = "Court";

    /// <summary>
    /// Whether a court's request writes the first state of subjects new to this node itself, all of them in one
    /// transaction (<see cref="SubjectBulkApply"/>), rather than through each subject's grain: on by default where the
    /// silo has a bulk store (PostgreSQL); <c>Court:BulkWrites=false</c> (<c>Court__BulkWrites=false</c>) turns it off.
    /// </summary>
    public bool BulkWrites { get; set; } = true;
}
