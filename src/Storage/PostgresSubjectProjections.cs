using JointPunishment.Grains.Subjects;
using Npgsql;

namespace JointPunishment.Storage;

/// <summary>
/// The silo's one <see cref="ISubjectProjection"/>: runs the statements of every registered
/// <see cref="IPostgresSubjectProjection"/> for a snapshot as one <see cref="NpgsqlBatch"/>. A batch is one implicit
/// transaction, so a snapshot is projected everywhere or nowhere; durable when the task completes.
/// </summary>
public sealed class PostgresSubjectProjections(NpgsqlDataSource dataSource, IEnumerable<IPostgresSubjectProjection> projections) : ISubjectProjection
{
    private readonly IPostgresSubjectProjection[] _projections = [.. projections];

    public Task ProjectAsync(SubjectSnapshot snapshot, CancellationToken cancellationToken) =>
        ExecuteAsync(dataSource, _projections.SelectMany(p => p.Commands(snapshot)), cancellationToken);

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
}
