using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;
using Npgsql;
using NpgsqlTypes;

namespace JointPunishment.Storage.Objections;

/// <summary>
/// Keeps <c>jp_objection</c>, the objections agencies referred to the courts (四(二)3), from every persisted subject
/// change (before the agency's 201 and the court's answer to <c>verification_started</c>) and every activation.
/// Idempotent by revision (<c>jp_project_objections</c>). Keyed by the subject's keyed hash, never its number.
/// </summary>
public sealed class PostgresObjectionProjection(NpgsqlDataSource dataSource) : ISubjectProjection, IPostgresSubjectProjection
{
    public Task ProjectAsync(SubjectSnapshot snapshot, CancellationToken cancellationToken) =>
        PostgresSubjectProjections.ExecuteAsync(dataSource, Commands(snapshot), cancellationToken);

    public IEnumerable<NpgsqlBatchCommand> Commands(SubjectSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return [PostgresSubjectProjections.Call("jp_project_objections", [snapshot.SubjectKey, snapshot.Revision, .. Columns([.. ObjectionsOf(snapshot)])])];
    }

    /// <summary>For subjects with no row yet, all at once (<c>jp_project_objections_first</c>).</summary>
    public IEnumerable<NpgsqlBatchCommand> FirstCommands(IReadOnlyList<SubjectSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        if (snapshots.Count == 0)
        {
            return [];
        }

        var (keys, revisions, of, rows) = FirstProjection.Flatten(snapshots, ObjectionsOf);
        return [FirstProjection.Held("jp_project_objections_first", [keys, revisions, of, .. Columns(rows)])];
    }

    private static IEnumerable<(Listing Listing, Objection Objection)> ObjectionsOf(SubjectSnapshot snapshot) =>
        FirstProjection.ListingsOf(snapshot).SelectMany(l => l.Objections.Select(o => (Listing: l, Objection: o)));

    /// <summary>The objections' columns, as both functions take them.</summary>
    private static object[] Columns((Listing Listing, Objection Objection)[] rows) =>
    [
        rows.Select(r => r.Objection.Id).ToArray(), rows.Select(r => r.Listing.CaseNumber).ToArray(),
        rows.Select(r => r.Listing.Court).ToArray(), rows.Select(r => r.Objection.Agency).ToArray(),
        rows.Select(r => r.Objection.Measure).ToArray(), rows.Select(r => r.Objection.Reason).ToArray(),
        new NpgsqlParameter { Value = rows.Select(r => r.Objection.ReceivedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
        new NpgsqlParameter { Value = rows.Select(r => r.Objection.TakenUpOn).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date },
    ];
}
