namespace JointPunishment.Client;

/// <summary>A red-list entry (诚信典型, 五(三)) of a subject that nothing restricts, so that the agency can grant its incentives.</summary>
/// <param name="Category">The red list's category.</param>
/// <param name="Basis">What the entry rests on.</param>
public sealed record Incentive(string Category, string Basis);
