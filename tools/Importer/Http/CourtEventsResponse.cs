namespace JointPunishment.Importer.Http;

/// <summary>The 200 answer of <c>POST /v1/court/events</c>: one result per event, in order.</summary>
public sealed record CourtEventsResponse(IReadOnlyList<EventResult>? Results);
