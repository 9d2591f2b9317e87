using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Storage.Watchlists;

/// <summary>One alert of an agency's feed.</summary>
/// <param name="Seq">Its position in the feed (global and increasing; an agency's own alerts skip the others').</param>
/// <param name="Watchlist">The watchlist's name.</param>
/// <param name="Ref">The agency's own ref of the member.</param>
/// <param name="Measure">The watchlist's measure.</param>
/// <param name="Decision">The member's decision under it now.</param>
/// <param name="Kind">Which way the decision crossed <c>allow</c>.</param>
/// <param name="At">When the alert was written.</param>
public sealed record WatchAlert(long Seq, string Watchlist, string Ref, string Measure, Decision Decision, WatchAlertKind Kind, DateTimeOffset At);
