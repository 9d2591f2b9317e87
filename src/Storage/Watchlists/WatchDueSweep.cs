using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Subjects;
using JointPunishment.Storage.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Runtime;

namespace JointPunishment.Storage.Watchlists;

/// <summary>
/// A watched member whose decision changes on a date with no court event (a retention running out, 四(二)5) is alerted
/// on that day: while the silo is active it looks, every <see cref="WatchlistOptions.SweepInterval"/>, for subjects in
/// <c>jp_watch_due</c> due by today and has each subject grain project itself again (<see cref="ISubjectGrain.ReprojectAsync"/>),
/// which alerts and moves or removes the due row. Every silo sweeps; the projection is idempotent, so two silos sweeping
/// the same subject alert it once.
/// </summary>
public sealed partial class WatchDueSweep(
    NpgsqlDataSource dataSource, IGrainFactory grains, ProjectionCalendar calendar, TimeProvider time, IOptions<WatchlistOptions> options, ILogger<WatchDueSweep> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _sweeping = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WatchDueSweep), ServiceLifecycleStage.Active, _ =>
        {
            _sweeping = Task.Run(() => RunAsync(_stopping.Token));
            return Task.CompletedTask;
        }, async _ =>
        {
            await _stopping.CancelAsync();
            await _sweeping.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        });

    /// <summary>Projects again every watched subject due by today; returns how many it projected.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var swept = 0;
        var after = "";
        while (true)
        {
            // In key order: a subject whose projection failed stays due and is tried at the next sweep, not in a loop now.
            var due = await DueAsync(after, cancellationToken);
            if (due.Count == 0)
            {
                return swept;
            }

            after = due[^1];
            foreach (var chunk in due.Chunk(50))
            {
                await Task.WhenAll(chunk.Select(async key =>
                {
                    try
                    {
                        await grains.GetGrain<ISubjectGrain>(key).ReprojectAsync();
                        Interlocked.Increment(ref swept);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        LogSweepFailed(ex);
                    }
                }));
            }
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            do
            {
                try
                {
                    await SweepAsync(stopping);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<List<string>> DueAsync(string after, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT subject_key FROM jp_watch_due WHERE due_on <= $1 AND subject_key > $2 ORDER BY subject_key LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter { Value = calendar.Today() });
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = options.Value.SweepBatch });
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    [LoggerMessage(EventId = StorageEventIds.WatchSweepFailed, Level = LogLevel.Warning, Message = "Watchlist sweep could not project a subject due today; it stays due and is tried again at the next sweep")]
    private partial void LogSweepFailed(Exception exception);
}
