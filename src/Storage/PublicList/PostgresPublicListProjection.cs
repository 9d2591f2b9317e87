using JointPunishment.Grains.Domain.PublicList;
using JointPunishment.Grains.Subjects;
using Npgsql;

namespace JointPunishment.Storage.PublicList;

/// <summary>
/// Keeps the public list (<c>jp_public_listing</c>) and the delisting feed (<c>jp_delisting</c>) in step with the
/// subject grains. Called before a change is acknowledged and again on activation, so it sees revisions more than
/// once: the subject's row in <c>jp_public_subject</c> admits only a newer revision, and its row lock serialises
/// two projections of the same subject. One statement (<c>jp_project_public_list</c>) per call, inside the batch of
/// all the subject's projections (<see cref="PostgresSubjectProjections"/>): the list and the feed never disagree,
/// and a listing costs no round trip of its own. The caller computes which published entries would now be
/// delistings (<see cref="PublicListChange.EndedEpisodes"/>); the function keeps those that really were published.
/// </summary>
/// <remarks>
/// Feed positions. Readers page with "after position p", so an entry must never become visible with a position
/// below one a reader has already passed. A sequence (bigserial) does not ensure that: transaction A takes 7,
/// transaction B takes 8 and commits first, a reader sees 8 and moves past 7 before A commits. Instead positions
/// come from the <c>delisting</c> row of <c>jp_feed_counter</c>, incremented in the writing transaction as its last
/// statement: the row lock is held until commit, so the next writer takes its positions only after this one is
/// committed and visible, and positions become visible in increasing order. The lock is held from that statement
/// to the batch's commit, and only by transactions that really add entries (delistings are rare next to listings).
/// </remarks>
public sealed class PostgresPublicListProjection(NpgsqlDataSource dataSource, TimeProvider time) : ISubjectProjection, IPostgresSubjectProjection
{
    public Task ProjectAsync(SubjectSnapshot snapshot, CancellationToken cancellationToken) =>
        PostgresSubjectProjections.ExecuteAsync(dataSource, Commands(snapshot), cancellationToken);

    public IEnumerable<NpgsqlBatchCommand> Commands(SubjectSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Listings.IsDefaultOrEmpty)
        {
            // An officer or a subject never listed: nothing was ever published for it.
            return [];
        }

        var p = PublicListChange.PublishedOf(snapshot.Subject, snapshot.Listings);
        var ended = PublicListChange.EndedEpisodes(snapshot.Listings, p);
        return
        [
            PostgresSubjectProjections.Call("jp_project_public_list", [
                snapshot.SubjectKey, snapshot.Revision, .. Columns(p),
                ended.Select(e => e.CaseNumber).ToArray(), ended.Select(e => e.ListedEventId).ToArray(), ended.Select(e => (short)e.Kind).ToArray(),
                time.GetUtcNow()]),
        ];
    }

    /// <summary>
    /// For subjects with no row yet, all at once (<c>jp_project_public_list_first</c>): their first projection only
    /// inserts, as <c>jp_project_public_list</c>'s does; nothing of theirs was published before, so nothing ended.
    /// </summary>
    public IEnumerable<NpgsqlBatchCommand> FirstCommands(IReadOnlyList<SubjectSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var listed = snapshots.Where(s => !s.Listings.IsDefaultOrEmpty).ToList();
        if (listed.Count == 0)
        {
            return [];
        }

        var (keys, revisions, of, p) = FirstProjection.Flatten(listed, s => PublicListChange.PublishedOf(s.Subject, s.Listings));
        return [FirstProjection.Held("jp_project_public_list_first", [keys, revisions, of, .. Columns(p)])];
    }

    /// <summary>The published entries' columns, as both functions take them.</summary>
    private static object[] Columns(IReadOnlyList<PublicEntry> p) =>
    [
        p.Select(e => e.CaseNumber).ToArray(), p.Select(e => e.ListedEventId).ToArray(), p.Select(e => e.Court).ToArray(),
        p.Select(e => e.Name).ToArray(), p.Select(e => e.IdMasked).ToArray(), p.Select(e => e.ListedOn).ToArray(),
    ];
}
