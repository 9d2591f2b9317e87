using System.Threading.Channels;
using JointPunishment.Grains.Checks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace JointPunishment.Storage.Checks;

/// <summary>
/// Writes check records to <c>jp_check</c> in batches with binary COPY, off the check path: a check only
/// queues its record. A batch that fails is retried until it is stored; if a retry finds part of it already
/// there (the first attempt committed but its answer was lost), the rest is inserted row by row.
/// Records still queued when the process dies abruptly are lost: at most one batch interval of them.
/// </summary>
public sealed partial class PostgresCheckRecorder(NpgsqlDataSource dataSource, ILogger<PostgresCheckRecorder> logger)
    : BackgroundService, ICheckRecorder
{
    private const int MaxBatch = 20_000;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(50);

    private readonly Channel<CheckRecord> _queue = Channel.CreateBounded<CheckRecord>(
        new BoundedChannelOptions(1_000_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private long _queued;
    private long _stored;
    private TaskCompletionSource _batchStored = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask RecordAsync(CheckRecord record)
    {
        Interlocked.Increment(ref _queued);
        return _queue.Writer.TryWrite(record) ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(record);
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Interlocked.Read(ref _queued);
        while (true)
        {
            var stored = Volatile.Read(ref _batchStored).Task;
            if (Interlocked.Read(ref _stored) >= target)
            {
                return;
            }

            await stored.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<CheckRecord>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(BatchWindow, stoppingToken);
                await DrainAndStoreAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: store what is queued before the host stops.
            _queue.Writer.TryComplete();
            await DrainAndStoreAsync(batch, CancellationToken.None);
        }
    }

    private async Task DrainAndStoreAsync(List<CheckRecord> batch, CancellationToken cancellationToken)
    {
        while (_queue.Reader.TryRead(out var record))
        {
            batch.Add(record);
            if (batch.Count == MaxBatch)
            {
                await StoreWithRetryAsync(batch, cancellationToken);
            }
        }

        if (batch.Count > 0)
        {
            await StoreWithRetryAsync(batch, cancellationToken);
        }
    }

    private async Task StoreWithRetryAsync(List<CheckRecord> batch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (attempt == 1)
                {
                    await CopyAsync(batch, cancellationToken);
                }
                else
                {
                    await InsertMissingAsync(batch, cancellationToken);
                }

                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                LogStoreFailed(ex, batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * attempt)), cancellationToken);
            }
        }

        Interlocked.Add(ref _stored, batch.Count);
        batch.Clear();
        Interlocked.Exchange(ref _batchStored, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
    }

    private async Task CopyAsync(List<CheckRecord> batch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY jp_check (check_id, agency, measure, subject_key, decision, checked_at) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var r in batch)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(r.CheckId, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(r.Agency, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(r.Measure, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(r.SubjectKey, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync((short)r.Decision, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync(r.At, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private async Task InsertMissingAsync(List<CheckRecord> batch, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO jp_check (check_id, agency, measure, subject_key, decision, checked_at)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::smallint[], $6::timestamptz[])
            ON CONFLICT (check_id) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => r.CheckId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => r.Agency).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => r.Measure).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => r.SubjectKey).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => (short)r.Decision).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => r.At).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Storing {Count} check records failed (attempt {Attempt}); retrying")]
    private partial void LogStoreFailed(Exception exception, int count, int attempt);
}
