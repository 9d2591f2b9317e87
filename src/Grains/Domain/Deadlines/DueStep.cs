namespace JointPunishment.Grains.Domain.Deadlines;

/// <summary>One pending court step of one case and the last CST calendar day it may be taken on.</summary>
public sealed record DueStep(string CaseNumber, string Court, DueStepKind Kind, DateOnly DueOn);
