namespace JointPunishment.Importer;

/// <summary>The counters of an <see cref="ImportTally"/> at one moment.</summary>
public sealed record ImportTallySnapshot(
    long Sent, long Applied, long Duplicate, long Rejected, long Invalid, long DoneLine, long DoneByte,
    IReadOnlyList<Rejection> Rejections, IReadOnlyList<Rejection> InvalidRecords);
