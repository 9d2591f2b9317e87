namespace JointPunishment.Client;

/// <summary>A page of the agency's alert feed (<c>GET /v1/alerts</c>).</summary>
/// <param name="Items">The alerts after the cursor, in order.</param>
/// <param name="Next">The cursor to read from next; at the end of the feed, the cursor to poll again.</param>
public sealed record AlertPage(IReadOnlyList<Alert> Items, string Next);
