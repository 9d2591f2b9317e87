namespace JointPunishment.Storage.Federation;

/// <summary>One event of the federation feed: its position, the court that sent it, the event (wire JSON, opened), when it was applied.</summary>
public sealed record FederationEvent(long Seq, string Court, string Event, DateTimeOffset AppliedAt);
