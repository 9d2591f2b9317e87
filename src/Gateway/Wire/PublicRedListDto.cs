namespace JointPunishment.Gateway.Wire;

/// <summary>One red-list entry in force as the public query shows it (CONTRACT "Red list"); the number masked as on the public list.</summary>
public sealed record PublicRedListDto(string Name, string IdNumberMasked, string Category, DateOnly Since);

/// <summary><c>{ "items" }</c>: the entries in force under one name, newest first.</summary>
public sealed record PublicRedListResponse(IReadOnlyList<PublicRedListDto> Items);
