using System.Text.Json.Serialization;

namespace JointPunishment.Client;

/// <summary>A watchlist member whose decision under the watchlist's measure changed between <c>allow</c> and anything else.</summary>
/// <param name="Seq">The alert's position in the agency's feed.</param>
/// <param name="Watchlist">The watchlist's name.</param>
/// <param name="Ref">The agency's own reference of the member (no identity number travels back).</param>
/// <param name="Measure">The watchlist's measure.</param>
/// <param name="Decision">The member's decision now.</param>
/// <param name="Kind">Which way it changed.</param>
/// <param name="At">When it changed.</param>
public sealed record Alert(
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] long Seq,
    string Watchlist,
    string Ref,
    string Measure,
    Decision Decision,
    AlertKind Kind,
    DateTimeOffset At);
