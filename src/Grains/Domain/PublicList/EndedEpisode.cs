namespace JointPunishment.Grains.Domain.PublicList;

/// <summary>A listing episode of a case that has ended in shielding or revocation: if it was published, it leaves the list as a delisting (四(二)7).</summary>
/// <param name="CaseNumber">案号.</param>
/// <param name="ListedEventId">The event id that started the episode.</param>
/// <param name="Kind">How it ended.</param>
public sealed record EndedEpisode(string CaseNumber, string ListedEventId, DelistingKind Kind);
