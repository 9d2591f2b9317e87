using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Storage.Watchlists;

/// <summary>A member to add to a watchlist: the agency's own ref, the subject's key, and its identity (stored only sealed).</summary>
/// <param name="Ref">The agency's own ref of the member.</param>
/// <param name="SubjectKey">The subject's keyed hash under the current subject key.</param>
/// <param name="IdType">The member's identity type.</param>
/// <param name="IdNumber">The member's normalised identity number.</param>
public sealed record WatchMember(string Ref, string SubjectKey, IdType IdType, string IdNumber);
