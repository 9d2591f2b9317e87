namespace JointPunishment.Gateway.AgencyWebhooks;

/// <summary>
/// An agency's webhook with messages due, locked for this delivery. <paramref name="SecretError"/> says why its stored
/// secret could not be decrypted (then <paramref name="Secret"/> is empty and nothing is sent): the delivery fails and
/// is retried later like any other.
/// </summary>
public sealed record DueAgencyWebhook(string Agency, string Url, string Secret, string? SecretError = null);
