namespace JointPunishment.Gateway.AgencyWebhooks;

/// <summary>How far one source has been delivered to one agency, and how many deliveries in a row have failed.</summary>
public sealed record AgencyWebhookCursor(string Source, long Cursor, int Attempts);
