namespace JointPunishment.Gateway.Republishers;

/// <summary>A republisher whose next delivery is due, locked for this delivery.</summary>
public sealed record DueRepublisher(string Code, string Url, string Secret, long Cursor, int Attempts);
