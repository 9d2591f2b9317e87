namespace JointPunishment.Storage.Directory;

/// <summary>An agency as the public sees it: its code (what a complaint names) and its name.</summary>
public sealed record DirectoryAgency(string Code, string Name);
