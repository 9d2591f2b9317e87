namespace JointPunishment.Gateway.Republishers;

/// <summary>
/// A republisher whose next delivery is due, locked for this delivery. <paramref name="SecretError"/> says why its stored
/// secret could not be decrypted (then <paramref name="Secret"/> is empty and nothing is sent): that delivery fails and
/// is retried later like any other, without holding up the others.
/// </summary>
public sealed record DueRepublisher(string Code, string Url, string Secret, long Cursor, int Attempts, string? SecretError = null);
