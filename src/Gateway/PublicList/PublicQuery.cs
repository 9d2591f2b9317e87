namespace JointPunishment.Gateway.PublicList;

/// <summary>A validated public query: the subject keys an identity number could stand for and/or a normalised name.</summary>
/// <param name="SubjectKeys">Keys for every identifier type the number is valid as; empty when no number was given.</param>
/// <param name="Name">The normalised name, or null.</param>
/// <param name="Page">1-based page.</param>
/// <param name="PageSize">Items per page.</param>
public sealed record PublicQuery(IReadOnlyList<string> SubjectKeys, string? Name, int Page, int PageSize);
