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
        var rows = (snapshot.Listings.IsDefault ? [] : snapshot.Listings)
            .SelectMany(l => l.Objections.Select(o => (Listing: l, Objection: o)))
            .ToArray();
        var command = new NpgsqlBatchCommand("SELECT jp_project_objections($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
        command.Parameters.Add(new NpgsqlParameter { Value = snapshot.SubjectKey });
        command.Parameters.Add(new NpgsqlParameter { Value = snapshot.Revision });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Objection.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Listing.CaseNumber).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Listing.Court).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Objection.Agency).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Objection.Measure).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Objection.Reason).ToArray() });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = rows.Select(r => r.Objection.ReceivedAt).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
        });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = rows.Select(r => r.Objection.TakenUpOn).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date,
        });
        return [command];
    }

    /// <summary>For subjects with no row yet, all at once (<c>jp_project_objections_first</c>).</summary>
    public IEnumerable<NpgsqlBatchCommand> FirstCommands(IReadOnlyList<SubjectSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        if (snapshots.Count == 0)
        {
            return [];
        }

        var (keys, revisions, of, rows) = FirstProjection.Flatten(
            snapshots, s => FirstProjection.ListingsOf(s).SelectMany(l => l.Objections.Select(o => (Listing: l, Objection: o))));
        return
        [
            FirstProjection.Held("jp_project_objections_first", keys, revisions, of,
                rows.Select(r => r.Objection.Id).ToArray(), rows.Select(r => r.Listing.CaseNumber).ToArray(),
                rows.Select(r => r.Listing.Court).ToArray(), rows.Select(r => r.Objection.Agency).ToArray(),
                rows.Select(r => r.Objection.Measure).ToArray(), rows.Select(r => r.Objection.Reason).ToArray(),
                new NpgsqlParameter { Value = rows.Select(r => r.Objection.ReceivedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                new NpgsqlParameter { Value = rows.Select(r => r.Objection.TakenUpOn).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date }),
        ];
    }
}
