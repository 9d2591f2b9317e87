namespace JointPunishment.Gateway.Wire;

/// <summary>A page of the delisting feed; <c>next</c> is the cursor to pass as <c>after</c> (at the end, the cursor to poll again).</summary>
public sealed record DelistingsResponse(IReadOnlyList<DelistingDto> Items, string Next);
