using JointPunishment.Grains.Domain.Deadlines;
using JointPunishment.Grains.Subjects;
using Npgsql;
using NpgsqlTypes;

namespace JointPunishment.Storage.Deadlines;

/// <summary>
/// Keeps <c>jp_due_step</c>, the due-date index of pending court steps (四(二)3, 四(二)4), from every persisted
/// subject change (before the court's ack) and every activation. Idempotent by revision (<c>jp_project_due_steps</c>).
/// A query on this index, not a reminder per case, answers "what is overdue": nothing has to fire on the due
/// day, so millions of open cases cost rows in one indexed table rather than reminder rows, ticks and grain
/// activations, and a restart loses nothing because the rows are written before the court is answered.
/// </summary>
public sealed class PostgresDueStepProjection(NpgsqlDataSource dataSource) : ISubjectProjection, IPostgresSubjectProjection
{
    public Task ProjectAsync(SubjectSnapshot snapshot, CancellationToken cancellationToken) =>
        PostgresSubjectProjections.ExecuteAsync(dataSource, Commands(snapshot), cancellationToken);

    public IEnumerable<NpgsqlBatchCommand> Commands(SubjectSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return [PostgresSubjectProjections.Call("jp_project_due_steps", [snapshot.SubjectKey, snapshot.Revision, .. Columns([.. CourtDeadlines.For(snapshot.Listings)])])];
    }

    /// <summary>For subjects with no row yet, all at once (<c>jp_project_due_steps_first</c>).</summary>
    public IEnumerable<NpgsqlBatchCommand> FirstCommands(IReadOnlyList<SubjectSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        if (snapshots.Count == 0)
        {
            return [];
        }

        var (keys, revisions, of, steps) = FirstProjection.Flatten(snapshots, s => CourtDeadlines.For(FirstProjection.ListingsOf(s)));
        return [FirstProjection.Held("jp_project_due_steps_first", [keys, revisions, of, .. Columns(steps)])];
    }

    /// <summary>The steps' columns, as both functions take them: case numbers, kinds, courts, due dates.</summary>
    private static object[] Columns(DueStep[] steps) =>
    [
        steps.Select(s => s.CaseNumber).ToArray(), steps.Select(s => (short)s.Kind).ToArray(), steps.Select(s => s.Court).ToArray(),
        new NpgsqlParameter { Value = steps.Select(s => s.DueOn).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date },
    ];
}
