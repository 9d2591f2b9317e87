namespace JointPunishment.Client;

/// <summary>A case an objection was referred to.</summary>
/// <param name="CaseNumber">The case number.</param>
/// <param name="Court">The code of the court that must take the objection up.</param>
public sealed record ObjectionCase(string CaseNumber, string Court);
