using JointPunishment.Grains.Domain.Deadlines;

namespace JointPunishment.Storage.Deadlines;

/// <summary>A court step past its due date (one row per case, step and due date, however many subjects share the case).</summary>
public sealed record OverdueStep(string Court, string CaseNumber, DueStepKind Kind, DateOnly DueOn);
