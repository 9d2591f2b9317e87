namespace JointPunishment.Silo.Rekeying;

/// <summary>What <see cref="SubjectRekeyer.RunAsync"/> found and (unless it was refused, failed or only checking) committed.</summary>
/// <param name="ActiveSilos">Silos the membership table lists as not dead (address:port); the run was refused if any.</param>
/// <param name="UnderOldKey">Subject states found under the old key (moved to the new key unless checking).</param>
/// <param name="UnderNewKey">Subject states already under the new key (a previous run moved them).</param>
/// <param name="Dropped">Subject states without an identity deleted on request (<c>--drop-unmapped</c>).</param>
/// <param name="DroppedWatchMembers">Watchlist members stored before migration 0033 without an identity, of people no court listed, deleted on request (<c>--drop-unmapped</c>).</param>
/// <param name="OutboxEntries">Pending officer updates inside states whose officer key was mapped.</param>
/// <param name="Rows">Rows rewritten (or, when checking, still to rewrite) per table, beyond the subject states.</param>
/// <param name="Failures">Why the run changed nothing; subjects are named by grain key, never by identity.</param>
/// <param name="Committed">Whether the transaction was committed (false when checking, refused or failed).</param>
public sealed record RekeyReport(
    IReadOnlyList<string> ActiveSilos,
    long UnderOldKey,
    long UnderNewKey,
    long Dropped,
    long DroppedWatchMembers,
    long OutboxEntries,
    IReadOnlyList<KeyValuePair<string, long>> Rows,
    IReadOnlyList<string> Failures,
    bool Committed)
{
    /// <summary>Subject states and rows of other tables under the old key.</summary>
    public long RemainingUnderOldKey => UnderOldKey + Rows.Sum(r => r.Value);

    public static RekeyReport Refused(IReadOnlyList<string> activeSilos) => new(activeSilos, 0, 0, 0, 0, 0, [], [], false);
}
