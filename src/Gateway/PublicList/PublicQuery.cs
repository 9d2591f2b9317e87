namespace JointPunishment.Gateway.PublicList;

/// <summary>A validated public query: a normalised name, narrowed to the subject keys an identity number could stand for when one was given.</summary>
/// <param name="SubjectKeys">Keys for every identifier type the number is valid as; empty when no number was given.</param>
/// <param name="Name">The normalised name (always required: a number alone could be completed by trying candidates).</param>
/// <param name="Page">1-based page.</param>
/// <param name="PageSize">Items per page.</param>
public sealed record PublicQuery(IReadOnlyList<string> SubjectKeys, string Name, int Page, int PageSize);
