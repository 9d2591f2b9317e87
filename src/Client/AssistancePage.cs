namespace JointPunishment.Client;

/// <summary>A page of assistance requests (<c>GET /v1/assistance</c>).</summary>
/// <param name="Items">The requests after the cursor, in order.</param>
/// <param name="Next">The cursor to read from next, when the gateway gives one.</param>
public sealed record AssistancePage(IReadOnlyList<AssistanceRequest> Items, string? Next);
