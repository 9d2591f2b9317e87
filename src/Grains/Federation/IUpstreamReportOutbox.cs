namespace JointPunishment.Grains.Federation;

/// <summary>
/// The reports waiting to go to the upstream (<c>jp_upstream_report</c>): local agencies' hits on upstream cases and their
/// feedback, written where the hits and the feedback are recorded. The follower sends them in order and marks them; the
/// silo's PostgreSQL implementation is in Storage.
/// </summary>
public interface IUpstreamReportOutbox
{
    /// <summary>Up to <paramref name="limit"/> reports not sent yet, oldest first.</summary>
    Task<IReadOnlyList<UpstreamReport>> ReadUnsentAsync(int limit, CancellationToken cancellationToken);

    /// <summary>The upstream acknowledged these reports.</summary>
    Task MarkSentAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>The upstream refused this report on its own (400): it is kept, marked with the reason, and passed over.</summary>
    Task MarkRefusedAsync(long id, string reason, CancellationToken cancellationToken);

    /// <summary>How many reports wait.</summary>
    Task<long> CountUnsentAsync(CancellationToken cancellationToken);
}
