using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Interfaces.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using JointPunishment.Storage.Federation;
using JointPunishment.Storage.Telemetry;

namespace JointPunishment.Storage.Checks;

/// <summary>
/// Records checks off the check path. Every check increments an in-memory counter (agency, measure, decision,
/// second); a check whose decision is not <c>allow</c> is also queued as a row. Every <see cref="Interval"/>
/// the counters' increments go to <c>jp_check_count</c> under this process's (source, sequence) — a retried
/// flush inserts nothing twice — and the queued rows to <c>jp_check_hit</c> by binary COPY, with those that rest on an
/// upstream node's cases also in its report outbox, in the same transaction. What was not
/// flushed when a process dies abruptly (at most one interval) is lost; a graceful stop flushes everything.
/// </summary>
public sealed partial class PostgresCheckRecorder(NpgsqlDataSource dataSource, TimeProvider time, ILogger<PostgresCheckRecorder> logger)
    : BackgroundService, ICheckRecorder
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Counters of seconds this old are no longer written to and are dropped once flushed.</summary>
    private const long ForgetAfterSeconds = 120;

    private readonly Guid _source = Guid.CreateVersion7();
    private readonly ConcurrentDictionary<CountKey, StrongBox<long>> _counts = new();
    private readonly Channel<CheckRecord> _hits = Channel.CreateBounded<CheckRecord>(
        new BoundedChannelOptions(1_000_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SemaphoreSlim _flushNow = new(0);

    private long _sequence;
    private long _cycles;
    private TaskCompletionSource _cycleDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask RecordAsync(CheckRecord record)
    {
        Count(record.Agency, record.Measure, record.Decision, record.At, 1);
        if (record.Decision == Decision.Allow)
        {
            return ValueTask.CompletedTask;
        }

        return _hits.Writer.TryWrite(record) ? ValueTask.CompletedTask : _hits.Writer.WriteAsync(record);
    }

    public void RecordAllowed(string agency, string measure, DateTimeOffset at, int count)
    {
        if (count > 0)
        {
            Count(agency, measure, Decision.Allow, at, count);
        }
    }

    private void Count(string agency, string measure, Decision decision, DateTimeOffset at, int count) =>
        Interlocked.Add(ref _counts.GetOrAdd(new CountKey(agency, measure, (short)decision, at.ToUnixTimeSeconds()), static _ => new StrongBox<long>()).Value, count);

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        // Two whole cycles after this call began: the first may already have been under way.
        var target = Interlocked.Read(ref _cycles) + 2;
        while (Interlocked.Read(ref _cycles) < target)
        {
            var done = Volatile.Read(ref _cycleDone).Task;
            _flushNow.Release();
            await done.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pendingCounts = new List<(long Seq, Dictionary<CountKey, long> Deltas)>();
        var hits = new List<CheckRecord>();
        while (true)
        {
            var stopping = stoppingToken.IsCancellationRequested;
            try
            {
                await FlushCycleAsync(pendingCounts, hits, stopping ? CancellationToken.None : stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // Kept in pendingCounts / hits and written by a later cycle.
                LogFlushFailed(ex, hits.Count, pendingCounts.Count);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                continue;
            }

            Interlocked.Increment(ref _cycles);
            Interlocked.Exchange(ref _cycleDone, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
            if (stopping)
            {
                return;
            }

            try
            {
                await _flushNow.WaitAsync(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                // One last cycle writes what the stop left behind.
            }
        }
    }

    private async Task FlushCycleAsync(List<(long Seq, Dictionary<CountKey, long> Deltas)> pendingCounts, List<CheckRecord> hits, CancellationToken cancellationToken)
    {
        var deltas = TakeCountDeltas();
        if (deltas.Count > 0)
        {
            pendingCounts.Add((++_sequence, deltas));
        }

        while (_hits.Reader.TryRead(out var hit))
        {
            hits.Add(hit);
        }

        if (hits.Count > 0)
        {
            await StoreHitsAsync(hits, cancellationToken);
            hits.Clear();
        }

        while (pendingCounts.Count > 0)
        {
            await StoreCountsAsync(pendingCounts[0].Seq, pendingCounts[0].Deltas, cancellationToken);
            pendingCounts.RemoveAt(0);
        }
    }

    private Dictionary<CountKey, long> TakeCountDeltas()
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var deltas = new Dictionary<CountKey, long>();
        foreach (var (key, box) in _counts)
        {
            var delta = Interlocked.Exchange(ref box.Value, 0);
            if (delta > 0)
            {
                deltas[key] = delta;
            }
            else if (now - key.Second > ForgetAfterSeconds)
            {
                _counts.TryRemove(key, out _);
            }
        }

        return deltas;
    }

    private async Task StoreCountsAsync(long seq, Dictionary<CountKey, long> deltas, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO jp_check_count (source, seq, agency, measure, decision, second, checks)
            SELECT $1, $2, a, m, d, to_timestamp(s), c
              FROM unnest($3::text[], $4::text[], $5::smallint[], $6::bigint[], $7::bigint[]) AS t(a, m, d, s, c)
            ON CONFLICT DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = _source });
        command.Parameters.Add(new NpgsqlParameter { Value = seq });
        command.Parameters.Add(new NpgsqlParameter { Value = deltas.Keys.Select(k => k.Agency).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = deltas.Keys.Select(k => k.Measure).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = deltas.Keys.Select(k => k.Decision).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = deltas.Keys.Select(k => k.Second).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = deltas.Values.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Binary COPY; if a retry finds part of the batch stored (the first try committed but its answer was lost), row-wise upsert.</summary>
    private async Task StoreHitsAsync(List<CheckRecord> hits, CancellationToken cancellationToken)
    {
        try
        {
            await StoreHitsAsync(hits, copy: true, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await StoreHitsAsync(hits, copy: false, cancellationToken);
        }
    }

    /// <summary>The hit rows, and in the same transaction the reports of hits on upstream cases (<see cref="UpstreamReportOutbox"/>).</summary>
    private async Task StoreHitsAsync(List<CheckRecord> hits, bool copy, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (copy)
        {
            await using var importer = await connection.BeginBinaryImportAsync(
                "COPY jp_check_hit (check_id, agency, measure, subject_key, decision, checked_at) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var r in hits)
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
        else
        {
            var upsert = new NpgsqlBatchCommand("""
                INSERT INTO jp_check_hit (check_id, agency, measure, subject_key, decision, checked_at)
                SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::smallint[], $6::timestamptz[])
                ON CONFLICT (check_id) DO NOTHING
                """);
            upsert.Parameters.Add(new NpgsqlParameter { Value = hits.Select(r => r.CheckId).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = hits.Select(r => r.Agency).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = hits.Select(r => r.Measure).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = hits.Select(r => r.SubjectKey).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = hits.Select(r => (short)r.Decision).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = hits.Select(r => r.At).ToArray() });
            batch.BatchCommands.Add(upsert);
        }

        foreach (var command in UpstreamReportOutbox.AppendHitCommands(hits))
        {
            batch.BatchCommands.Add(command);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(EventId = StorageEventIds.CheckRecordsNotStored, Level = LogLevel.Warning, Message = "Storing check records failed ({Hits} hit rows, {Flushes} counter flushes pending); the next cycle retries")]
    private partial void LogFlushFailed(Exception exception, int hits, int flushes);
}
