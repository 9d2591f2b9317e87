namespace JointPunishment.Importer;

/// <summary>
/// The one JSON object printed on stdout at the end. Counts are for this run; <see cref="ResumedAfterLine"/>
/// says where it started when it resumed, <see cref="DoneThroughLine"/> where a next run would resume,
/// and <see cref="Error"/> why it stopped early.
/// </summary>
public sealed record ImportSummary(
    string File,
    long Sent,
    long Applied,
    long Duplicate,
    long Rejected,
    long Invalid,
    double Seconds,
    double EventsPerSecond,
    IReadOnlyList<Rejection> Rejections,
    IReadOnlyList<Rejection> InvalidRecords,
    long ResumedAfterLine,
    long DoneThroughLine,
    string? Error);
