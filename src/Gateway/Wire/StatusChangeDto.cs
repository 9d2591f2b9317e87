namespace JointPunishment.Gateway.Wire;

public sealed record StatusChangeDto(string Event, DateOnly On, string EventId, string Status, string? Note);
