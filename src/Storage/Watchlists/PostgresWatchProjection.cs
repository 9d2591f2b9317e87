using JointPunishment.Grains.Domain.Watchlists;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;
using Npgsql;
using NpgsqlTypes;

namespace JointPunishment.Storage.Watchlists;

/// <summary>
/// Alerts watchlists (<c>jp_watch_member</c> → <c>jp_alert</c>) from every persisted subject change, before the
/// change is acknowledged (so an alert caused by a court event is in the feed before the court's answer), and again on
/// activation (a silo killed between the two still alerts). One statement in the subject's projection batch, however
/// many agencies watch the subject: the subject's decisions under every measure today (<see cref="WatchedDecisions"/>,
/// the check's own rules, as debtor and as officer) against every member row of it (<c>jp_project_watch</c>). A subject
/// nobody watches costs one index probe. Idempotent: a member row keeps the decision last alerted.
/// </summary>
public sealed class PostgresWatchProjection(NpgsqlDataSource dataSource, ProjectionCalendar calendar) : ISubjectProjection, IPostgresSubjectProjection
{
    public bool ServesWatchers => true;

    public Task ProjectAsync(SubjectSnapshot snapshot, CancellationToken cancellationToken) =>
        PostgresSubjectProjections.ExecuteAsync(dataSource, Commands(snapshot), cancellationToken);

    public IEnumerable<NpgsqlBatchCommand> Commands(SubjectSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var today = calendar.Today();
        var restricted = WatchedDecisions.Restricted(snapshot.Subject.IdType, snapshot.Listings, snapshot.OfficerLinks, today);
        var due = WatchedDecisions.NextChange(snapshot.Listings, snapshot.OfficerLinks, today);
        return
        [
            PostgresSubjectProjections.Call("jp_project_watch", [
                snapshot.SubjectKey, .. Columns([.. restricted]),
                new NpgsqlParameter { Value = due is { } on ? on : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date }, calendar.Now()]),
        ];
    }

    /// <summary>
    /// For subjects with no row yet, all at once (<c>jp_project_watch_first</c>): one probe for those nobody watches,
    /// <c>jp_project_watch</c> for each watched one.
    /// </summary>
    public IEnumerable<NpgsqlBatchCommand> FirstCommands(IReadOnlyList<SubjectSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        if (snapshots.Count == 0)
        {
            return [];
        }

        var today = calendar.Today();
        var (keys, _, of, restricted) = FirstProjection.Flatten(
            snapshots, s => WatchedDecisions.Restricted(s.Subject.IdType, s.Listings, s.OfficerLinks, today));
        var due = snapshots.Select(s => WatchedDecisions.NextChange(s.Listings, s.OfficerLinks, today)).ToArray();
        return
        [
            PostgresSubjectProjections.Call("jp_project_watch_first", [
                keys, new NpgsqlParameter { Value = due, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date }, of, .. Columns(restricted), calendar.Now()]),
        ];
    }

    /// <summary>The restricted measures' columns, as both functions take them: measure codes and decisions.</summary>
    private static object[] Columns((string Measure, Decision Decision)[] restricted) =>
        [restricted.Select(r => r.Measure).ToArray(), restricted.Select(r => (short)r.Decision).ToArray()];
}
