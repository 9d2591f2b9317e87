namespace JointPunishment.Client;

/// <summary>An objection referred to the courts of the subject's listings in force (四(二)3).</summary>
/// <param name="Id">The objection's id.</param>
/// <param name="Cases">The cases (and so the courts) it went to; each court has 3 days to take it up.</param>
public sealed record ObjectionReferral(string Id, IReadOnlyList<ObjectionCase> Cases);
