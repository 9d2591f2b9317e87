namespace JointPunishment.Importer;

/// <summary>
/// The one JSON object printed on stdout at the end. Counts are for this run; <see cref="ResumedAfterLine"/>
/// says where it started when it resumed, <see cref="DoneThroughLine"/> where a next run would resume,
/// and <see cref="Error"/> why it stopped early. A dry run sends nothing: <see cref="Valid"/> counts the events it
/// would send, <see cref="Invalid"/> the records with problems, and <see cref="InvalidRecords"/> lists every problem.
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
    string? Error,
    bool? DryRun = null,
    long? Valid = null);
