namespace JointPunishment.Gateway.Wire;

/// <summary>A page of the public query: exact matches first, then close names.</summary>
public sealed record PublicDebtorsResponse(IReadOnlyList<PublicDebtorDto> Items, int Page, int PageSize, bool HasMore);
