namespace JointPunishment.Storage.Federation;

/// <summary>
/// A court event to put in the federation feed: <paramref name="SubjectKey"/> is the subject's keyed hash and
/// <paramref name="Event"/> the event in the wire form of <c>POST /v1/court/events</c> (it is sealed before it is stored).
/// </summary>
public sealed record FederationEntry(string SubjectKey, string EventId, string Event);
