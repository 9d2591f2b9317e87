namespace JointPunishment.Grains.Domain.PublicList;

/// <summary>One case as the public list shows it.</summary>
/// <param name="CaseNumber">案号.</param>
/// <param name="ListedEventId">The court's event id that started this listing episode (a case can be listed again after shielding).</param>
/// <param name="Court">The court's code.</param>
/// <param name="Name">The normalised name.</param>
/// <param name="IdMasked">The identifier as <see cref="Identity.IdentityMask"/> shows it.</param>
/// <param name="ListedOn">The listing date.</param>
public sealed record PublicEntry(string CaseNumber, string ListedEventId, string Court, string Name, string IdMasked, DateOnly ListedOn);
