using JointPunishment.Grains.Subjects;
using JointPunishment.Storage.PublicList;
using Npgsql;

namespace JointPunishment.Storage;

/// <summary>
/// The silo's one <see cref="ISubjectProjection"/>: writes the statements of every registered
/// <see cref="IPostgresSubjectProjection"/> as one <see cref="NpgsqlBatch"/>, one implicit transaction, so a snapshot
/// is projected everywhere or nowhere and is durable when its task completes. Snapshots that arrive while batches
/// are running (an import applies thousands of subjects at once) wait and go together in the next batch: one round
/// trip and one connection for many subjects, instead of one each. If a shared batch fails, each of its snapshots
/// is tried again alone, so only the snapshot that really fails fails its grain's change.
/// </summary>
public sealed class PostgresSubjectProjections(NpgsqlDataSource dataSource, IEnumerable<IPostgresSubjectProjection> projections) : ISubjectProjection
{
    /// <summary>Snapshots in one batch at most (a few hundred statements: one round trip, a short transaction).</summary>
    private const int MaxSnapshotsPerBatch = 200;

    /// <summary>Batches in flight at once, so the server works on several while the next fill.</summary>
    private const int MaxBatchesInFlight = 4;

    private readonly IPostgresSubjectProjection[] _projections = [.. projections];
    private readonly Lock _lock = new();
    private readonly Queue<(SubjectSnapshot Snapshot, TaskCompletionSource Done)> _waiting = new();
    private int _inFlight;

    public Task ProjectAsync(SubjectSnapshot snapshot, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_lock)
        {
            _waiting.Enqueue((snapshot, done));
            start = _inFlight < MaxBatchesInFlight;
            _inFlight += start ? 1 : 0;
        }

        if (start)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Whether every projection holds <paramref name="revision"/> of the subject: its row in <c>jp_public_subject</c>
    /// records the newest revision projected, and it is written in the same transaction as all the other projections'
    /// rows (one batch, <see cref="CommandsFor"/>). A subject with no listing (an officer, a subject never listed) has no
    /// such row and is projected again on activation, as every subject was before.
    /// </summary>
    public async Task<bool> HoldsAsync(string subjectKey, long revision, CancellationToken cancellationToken)
    {
        if (!_projections.Any(p => p is PostgresPublicListProjection))
        {
            return false;
        }

        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM jp_public_subject WHERE subject_key = $1 AND revision >= $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = subjectKey });
        command.Parameters.Add(new NpgsqlParameter { Value = revision });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>
    /// <c>SELECT function($1, …)</c> with <paramref name="values"/> bound in order: a value that is not an
    /// <see cref="NpgsqlParameter"/> is bound as one with its type inferred.
    /// </summary>
    public static NpgsqlBatchCommand Call(string function, params object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Bind($"SELECT {function}({Placeholders(values.Length)})", values);
    }

    internal static string Placeholders(int count) => string.Join(", ", Enumerable.Range(1, count).Select(i => $"${i}"));

    internal static NpgsqlBatchCommand Bind(string sql, object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        return command;
    }

    /// <summary>Runs <paramref name="commands"/> as one batch (one round trip, one transaction); nothing at all when there are none.</summary>
    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, IEnumerable<NpgsqlBatchCommand> commands, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var batch = dataSource.CreateBatch();
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The statements of <paramref name="snapshots"/> projected together, projection by projection; a snapshot taken
    /// only for its watchers (<see cref="SubjectSnapshot.ForWatchers"/>) goes only to the projections that serve them.
    /// </summary>
    public static IEnumerable<NpgsqlBatchCommand> CommandsFor(IEnumerable<IPostgresSubjectProjection> projections, List<SubjectSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var changed = snapshots.FindAll(s => !s.ForWatchers);
        return projections.SelectMany(p => p.ServesWatchers ? p.Commands(snapshots) : p.Commands(changed));
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            var batch = new List<(SubjectSnapshot Snapshot, TaskCompletionSource Done)>();
            lock (_lock)
            {
                while (batch.Count < MaxSnapshotsPerBatch && _waiting.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                if (batch.Count == 0)
                {
                    _inFlight--;
                    return;
                }
            }

            await ProjectTogetherAsync(batch);
        }
    }

    private async Task ProjectTogetherAsync(List<(SubjectSnapshot Snapshot, TaskCompletionSource Done)> batch)
    {
        try
        {
            // Projection by projection, so every batch takes the shared rows' locks (published names, feed counters) in the same order.
            await ExecuteAsync(dataSource, CommandsFor(_projections, batch.ConvertAll(b => b.Snapshot)), CancellationToken.None);
            batch.ForEach(b => b.Done.TrySetResult());
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var alone in batch)
            {
                await ProjectTogetherAsync([alone]);
            }
        }
        catch (Exception ex)
        {
            batch[0].Done.TrySetException(ex);
        }
    }
}
