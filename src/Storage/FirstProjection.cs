using JointPunishment.Grains.Subjects;
using Npgsql;

namespace JointPunishment.Storage;

/// <summary>
/// Builds the set-based statements of <see cref="IPostgresSubjectProjection.FirstCommands"/>: the subjects as parallel
/// arrays (keys, revisions) and their rows flattened, each row with its subject's position (1-based), as the
/// <c>jp_project_*_first</c> functions (migration 0037) read them.
/// </summary>
public static class FirstProjection
{
    /// <summary>The subjects' keys, revisions, and every row of theirs with its subject's position.</summary>
    public static (string[] Keys, long[] Revisions, int[] Of, TRow[] Rows) Flatten<TRow>(
        IReadOnlyList<SubjectSnapshot> snapshots, Func<SubjectSnapshot, IEnumerable<TRow>> rowsOf)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(rowsOf);
        var keys = new string[snapshots.Count];
        var revisions = new long[snapshots.Count];
        var of = new List<int>(snapshots.Count);
        var rows = new List<TRow>(snapshots.Count);
        for (var i = 0; i < snapshots.Count; i++)
        {
            keys[i] = snapshots[i].SubjectKey;
            revisions[i] = snapshots[i].Revision;
            foreach (var row in rowsOf(snapshots[i]))
            {
                of.Add(i + 1);
                rows.Add(row);
            }
        }

        return (keys, revisions, [.. of], [.. rows]);
    }

    /// <summary>
    /// <c>SELECT held FROM function($1, …) AS held</c>: the keys the function left alone, in the column the bulk store
    /// reads (<see cref="IPostgresSubjectProjection.HeldColumn"/>); <paramref name="values"/> bound as
    /// <see cref="PostgresSubjectProjections.Call"/> binds them.
    /// </summary>
    public static NpgsqlBatchCommand Held(string function, params object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        const string held = IPostgresSubjectProjection.HeldColumn;
        return PostgresSubjectProjections.Bind($"SELECT {held} FROM {function}({PostgresSubjectProjections.Placeholders(values.Length)}) AS {held}", values);
    }

    /// <summary>
    /// Runs <paramref name="batch"/> (nothing when it is empty) and answers the keys its statements returned in their
    /// <see cref="IPostgresSubjectProjection.HeldColumn"/>, each once.
    /// </summary>
    public static async Task<IReadOnlyCollection<string>> ExecuteAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var held = new HashSet<string>(StringComparer.Ordinal);
        if (batch.BatchCommands.Count == 0)
        {
            return held;
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        do
        {
            if (reader.FieldCount == 1 && reader.GetName(0) == IPostgresSubjectProjection.HeldColumn)
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    held.Add(reader.GetString(0));
                }
            }
        }
        while (await reader.NextResultAsync(cancellationToken));
        return held;
    }

    /// <summary>A subject's listings, none for a state that has none yet (an officer's).</summary>
    public static IEnumerable<Grains.Interfaces.Model.Listing> ListingsOf(SubjectSnapshot snapshot) =>
        snapshot.Listings.IsDefault ? [] : snapshot.Listings;
}
