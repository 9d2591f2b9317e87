using System.Collections.Concurrent;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Principals;

namespace JointPunishment.Grains.Checks;

/// <summary>
/// The authorisation step of <see cref="CheckPipeline"/>: whether an agency, given by its code, may check under a
/// measure. What the cluster says of an agency (registered and active, the measures it holds) is remembered by this
/// process for <see cref="RememberFor"/>, so a check costs no grain call for it. Where the code comes from is the
/// caller's business (the HTTP gateway's verified key, the Orleans client's request).
/// </summary>
public sealed class CheckAgencies(TimeProvider time)
{
    /// <summary>How long this process trusts what it read about an agency.</summary>
    public static readonly TimeSpan RememberFor = TimeSpan.FromSeconds(5);

    /// <summary>Codes remembered at most; past it the memory starts over (codes are few, but a caller may send any).</summary>
    private const int MaxRemembered = 10_000;

    private readonly long _rememberFor = (long)(RememberFor.TotalSeconds * time.TimestampFrequency);
    private readonly ConcurrentDictionary<string, Remembered> _agencies = new(StringComparer.Ordinal);

    /// <summary>Null when <paramref name="agencyCode"/> may check under <paramref name="measure"/>; otherwise the refusal.</summary>
    public ValueTask<CheckOutcome?> AuthoriseAsync(IGrainFactory grains, string agencyCode, Measure measure) =>
        _agencies.TryGetValue(agencyCode, out var remembered) && time.GetTimestamp() < remembered.Until
            ? ValueTask.FromResult(Refusal(remembered.Agency, agencyCode, measure))
            : LookUpAsync(grains, agencyCode, measure);

    private async ValueTask<CheckOutcome?> LookUpAsync(IGrainFactory grains, string agencyCode, Measure measure)
    {
        var agency = await grains.GetGrain<IAgencyGrain>(GrainKeys.Agency(agencyCode)).GetAsync();
        if (_agencies.Count >= MaxRemembered)
        {
            _agencies.Clear();
        }

        _agencies[agencyCode] = new Remembered(agency, time.GetTimestamp() + _rememberFor);
        return Refusal(agency, agencyCode, measure);
    }

    private static CheckOutcome? Refusal(PrincipalInfo? agency, string agencyCode, Measure measure) =>
        agency is null ? CheckOutcome.Forbidden($"No agency is registered as '{agencyCode}'.")
        : agency.Measures.Contains(measure.Code) ? null
        : CheckOutcome.Forbidden($"This agency does not hold the measure {measure.Code}.");

    private sealed record Remembered(PrincipalInfo? Agency, long Until);
}
