namespace JointPunishment.Gateway.AgencyWebhooks;

/// <summary>
/// One message for an agency: delivered as the Standard Webhooks payload <c>{ "type", "timestamp", "data" }</c>, where
/// <paramref name="Data"/> is serialised as JSON (camelCase) by its runtime type.
/// </summary>
/// <param name="Seq">Its position in its source for this agency: the cursor after it is delivered.</param>
/// <param name="Type">The event type, e.g. <c>assistance.requested</c>.</param>
/// <param name="At">When it happened (the payload's <c>timestamp</c>).</param>
/// <param name="Data">What the agency is told.</param>
public sealed record AgencyMessage(long Seq, string Type, DateTimeOffset At, object Data);
