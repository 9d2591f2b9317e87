namespace JointPunishment.Storage.Federation;

/// <summary>One event of the federation feed: its position, the court that sent it, and the event (wire JSON, opened).</summary>
public sealed record FederationEvent(long Seq, string Court, string Event);
