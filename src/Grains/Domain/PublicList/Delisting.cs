namespace JointPunishment.Grains.Domain.PublicList;

/// <summary>A published entry that must now disappear from every mirror (四(二)7).</summary>
/// <param name="Entry">The entry as it was published (what a mirror holds).</param>
/// <param name="Kind">Shielded or revoked.</param>
public sealed record Delisting(PublicEntry Entry, DelistingKind Kind);
