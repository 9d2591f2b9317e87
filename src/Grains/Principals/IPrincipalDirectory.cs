using System.Collections.Immutable;
using JointPunishment.Grains.Interfaces.Principals;

namespace JointPunishment.Grains.Principals;

/// <summary>
/// The directory of agencies, courts and feed consumers kept outside the grains, so that the public page can offer a
/// choice of agency and the operator can list what is registered without activating a grain per principal. A principal
/// grain calls it after each change it persists and again on every activation, so a change is never missing after a
/// crash: it must be idempotent.
/// </summary>
public interface IPrincipalDirectory
{
    /// <summary>Stores <paramref name="entry"/>, replacing what the directory held for its kind and code.</summary>
    Task ProjectAsync(PrincipalEntry entry, CancellationToken cancellationToken);
}

/// <summary>
/// A principal as the directory holds it: never its key or key hash. <paramref name="Kind"/> is its grain key prefix
/// without the colon (<c>agency</c>, <c>court</c>, <c>consumer</c>); <paramref name="Active"/> is false once its key is revoked.
/// </summary>
public sealed record PrincipalEntry(
    string Kind,
    string Code,
    string Name,
    bool Active,
    ImmutableArray<string> Measures,
    string? HigherCourt,
    ConsumerRole? ConsumerRole,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? KeyChangedAt)
{
    public const string Agency = "agency";
    public const string Court = "court";
    public const string Consumer = "consumer";
}
