using System.Globalization;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Diagnostics;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Federation;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Keys;
using JointPunishment.Grains.Subjects.Bulk;
using JointPunishment.Grains.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace JointPunishment.Grains.Federation;

/// <summary>
/// Follows the upstream's federation feed: reads a page after its cursor, applies the events to the subjects here as
/// events of the upstream's courts (<see cref="UpstreamOptions.LocalCourt"/>), each subject's in order, and only then
/// stores the new cursor. A silo that dies mid-page leaves the old cursor stored, so the page is read and applied again:
/// the subjects answer <c>duplicate</c> for what they applied already, so nothing is lost and nothing applied twice.
/// It also reports back (<see cref="ReportAsync"/>): local agencies' hits on upstream cases and their feedback.
/// One activation in the cluster; a reminder brings it back on another silo, a grain timer (kept alive) drives it.
/// </summary>
public sealed partial class UpstreamFollowerGrain(
    [PersistentState("state", StorageNames.Main)] IPersistentState<UpstreamFollowerState> state,
    IOptions<UpstreamOptions> options,
    IHttpClientFactory httpClients,
    SubjectKeys keys,
    TimeProvider time,
    IEnumerable<IFollowedEventLog> followedLogs,
    IEnumerable<IUpstreamReportOutbox> reportOutboxes,
    IEnumerable<ISubjectBulkStore> bulkStores,
    IGrainFactory grains,
    ILogger<UpstreamFollowerGrain> logger) : Grain, IUpstreamFollowerGrain, IRemindable
{
    private const string KeepFollowing = "keep-following";

    /// <summary>How long one timer tick applies pages before it hands over to the next tick (see <see cref="FollowAsync"/>).</summary>
    private static readonly TimeSpan MaxTick = TimeSpan.FromSeconds(5);
    private readonly UpstreamOptions _upstream = options.Value;
    private readonly IFollowedEventLog[] _followedLogs = [.. followedLogs];
    private readonly IUpstreamReportOutbox? _reports = reportOutboxes.FirstOrDefault();
    private readonly SubjectBatch _batch = new(grains, keys, options.Value.WritesSubjectsInBulk ? bulkStores.FirstOrDefault() : null);
    private readonly Backoff _following = new(options.Value, time);
    private readonly Backoff _reporting = new(options.Value, time);
    private IGrainTimer? _timer;
    private (long After, Task<PreparedPage> Page)? _ahead;

    /// <summary>Why the last event this activation passed over (unreadable, or refused here) was; shown as the last error when polling succeeds.</summary>
    private string? _lastPassedOver;
    private DateTimeOffset? _lastPolledAt;
    private double _lagSeconds;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (this.GetPrimaryKeyString() != GrainKeys.UpstreamFollower)
        {
            throw new ArgumentException($"The upstream follower's key is '{GrainKeys.UpstreamFollower}'.");
        }

        return Task.CompletedTask;
    }

    public async Task EnsureRunningAsync()
    {
        if (!_upstream.IsConfigured)
        {
            // Following was switched off: forget the reminder so the grain stays down.
            if (await this.GetReminder(KeepFollowing) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            DeactivateOnIdle();
            return;
        }

        await this.RegisterOrUpdateReminder(KeepFollowing, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        if (state.State.Url != _upstream.Url!.ToString())
        {
            // Another upstream: its feed has its own positions.
            state.State = new UpstreamFollowerState { Url = _upstream.Url.ToString() };
            await state.WriteStateAsync();
        }

        _timer ??= this.RegisterGrainTimer(PollAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = _upstream.PollInterval,
            KeepAlive = true,
        });
    }

    public async Task<UpstreamStatus?> GetStatusAsync()
    {
        if (!_upstream.IsConfigured)
        {
            return null;
        }

        var pending = _reports is null ? 0 : await _reports.CountUnsentAsync(CancellationToken.None);
        return new UpstreamStatus(_upstream.Url!.ToString(), state.State.Cursor, state.State.Applied, state.State.Rejected, _lagSeconds, _following.LastError ?? _lastPassedOver, _lastPolledAt)
        {
            ReportsSent = state.State.ReportsSent,
            ReportsRefused = state.State.ReportsRefused,
            ReportsPending = pending,
            ReportError = _reporting.LastError,
        };
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => EnsureRunningAsync();

    /// <summary>Follows the feed, then sends what waits to be reported; each on its own retry schedule.</summary>
    private async Task PollAsync(CancellationToken cancellationToken)
    {
        await FollowAsync(cancellationToken);
        await ReportAsync(cancellationToken);
    }

    /// <summary>Reads and applies pages until the upstream has no more (or fails: then waits, doubling the wait).</summary>
    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        if (!_following.IsDue)
        {
            return;
        }

        try
        {
            var http = httpClients.CreateClient(UpstreamFeedPage.HttpClientName);
            var started = time.GetTimestamp();
            // The page the last tick read ahead, if it was read after the cursor stored since.
            var ahead = _ahead is { } kept && kept.After == state.State.Cursor ? kept.Page : null;
            if (ahead is null && _ahead is { } stale)
            {
                Drop(stale.Page);
            }

            _ahead = null;
            var preparing = ahead ?? PrepareAsync(UpstreamFeedPage.ReadAsync(http, _upstream, state.State.Cursor, cancellationToken), null, cancellationToken);
            // The page whose bulk write is under way, finished (its grains' part, logs and cursor) once the next one's
            // bulk write has started beside it.
            (PreparedPage Page, Task<SubjectBatch.BulkPart?> Bulk)? writing = null;
            try
            {
                while (preparing is not null)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        Drop(preparing);
                        Drop(writing?.Bulk);
                        return;
                    }

                    var prepared = await preparing;
                    var page = prepared.Page;
                    _lastPolledAt = time.GetUtcNow();
                    _following.Succeeded();
                    var more = page.Items.Count >= _upstream.BatchSize;

                    // This page's new subjects are written beside the previous page's (none in common: the page was
                    // planned leaving the previous page's subjects to their grains); the next page is read and prepared
                    // meanwhile, leaving this one's to theirs. Grains' parts and cursors still go a page at a time, in order.
                    // (The next page's own bulk write starts only after the previous page is finished, so a subject of
                    // both that one sends to its grain has its events applied in order.)
                    var bulk = _batch.WriteBulkAsync(prepared.Groups, prepared.Bulk, cancellationToken);
                    preparing = more
                        ? PrepareAsync(UpstreamFeedPage.ReadAsync(http, _upstream, page.Next, cancellationToken), _batch.Touched(prepared.Groups), cancellationToken)
                        : null;
                    var previous = writing;
                    writing = (prepared, bulk);
                    if (previous is { } finishing)
                    {
                        await FinishAsync(finishing.Page, finishing.Bulk, cancellationToken);
                    }

                    if (more && time.GetElapsedTime(started) > MaxTick)
                    {
                        break;
                    }
                }

                if (writing is { } last)
                {
                    writing = null;
                    await FinishAsync(last.Page, last.Bulk, cancellationToken);
                }
            }
            catch
            {
                // What was read ahead or is being written is dropped, its failure with it: the next poll starts from the
                // stored cursor (a page whose bulk write committed meanwhile finds its rows, and its grains answer duplicate).
                Drop(preparing);
                Drop(writing?.Bulk);
                throw;
            }

            if (preparing is not null)
            {
                // The tick ran long: the page read ahead is the next tick's first. Calls that do not interleave (a silo's
                // EnsureRunningAsync on start) wait for this tick to end: a long sync goes on in the next tick, due at
                // once, rather than keep them waiting past their timeout.
                _ahead = (state.State.Cursor, preparing);
                _timer?.Change(TimeSpan.Zero, _upstream.PollInterval);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var delay = _following.Failed(ex);
            LogPollFailed(ex, _following.Failures, delay);
            if (ex is InconsistentStateException)
            {
                // Another activation of the follower moved the cursor (two existed for a moment while the silos started):
                // this one steps down rather than apply every page again a second time.
                DeactivateOnIdle();
            }
        }
    }

    /// <summary>
    /// Sends the reports waiting in the outbox, oldest first, a batch at a time, marking each batch once the upstream
    /// acknowledged it (at least once: the upstream counts a check once, so a batch sent again after a crash counts nothing
    /// twice). A batch the upstream refuses as invalid is sent again one report at a time, so one bad report is set aside
    /// alone and the rest still go. Nothing here waits on a check: the outbox is written where checks are recorded.
    /// </summary>
    private async Task ReportAsync(CancellationToken cancellationToken)
    {
        if (_reports is null || !_reporting.IsDue)
        {
            return;
        }

        try
        {
            var http = httpClients.CreateClient(UpstreamFeedPage.HttpClientName);
            while (!cancellationToken.IsCancellationRequested)
            {
                var reports = await _reports.ReadUnsentAsync(_upstream.BatchSize, cancellationToken);
                if (reports.Count == 0)
                {
                    break;
                }

                if (await UpstreamReport.SendAsync(http, _upstream, reports, cancellationToken) is null)
                {
                    await _reports.MarkSentAsync([.. reports.Select(r => r.Id)], cancellationToken);
                    state.State.ReportsSent += reports.Count;
                }
                else
                {
                    foreach (var report in reports)
                    {
                        await SendAloneAsync(http, report, cancellationToken);
                    }
                }

                await state.WriteStateAsync(cancellationToken);
                if (reports.Count < _upstream.BatchSize)
                {
                    break;
                }
            }

            _reporting.Succeeded();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var delay = _reporting.Failed(ex);
            LogReportFailed(ex, _reporting.Failures, delay);
        }
    }

    private async Task SendAloneAsync(HttpClient http, UpstreamReport report, CancellationToken cancellationToken)
    {
        if (await UpstreamReport.SendAsync(http, _upstream, [report], cancellationToken) is { } refusal)
        {
            await _reports!.MarkRefusedAsync(report.Id, refusal, cancellationToken);
            state.State.ReportsRefused++;
            LogReportRefused(report.Id, refusal);
        }
        else
        {
            await _reports!.MarkSentAsync([report.Id], cancellationToken);
            state.State.ReportsSent++;
        }
    }

    /// <summary>A page read ahead, dropped unapplied: its failure, if it fails, is observed and goes with it.</summary>
    private static void Drop(Task? task) =>
        task?.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>
    /// A page once read, made ready to write on the thread pool: its events read and keyed, grouped by subject, and the
    /// subjects new to this node planned and their write prepared (<see cref="SubjectBulkApply"/>), but for
    /// <paramref name="leftToGrains"/> (the subjects of the page before it, whose bulk write may still be under way).
    /// Nothing is written.
    /// </summary>
    private async Task<PreparedPage> PrepareAsync(Task<UpstreamFeedPage> reading, HashSet<string>? leftToGrains, CancellationToken cancellationToken)
    {
        var page = await reading;
        var today = time.Today();
        return await Task.Run(() =>
        {
            var read = new List<(string Key, CourtEvent Event)>(page.Items.Count);
            long rejected = 0;
            string? passedOver = null;
            foreach (var item in page.Items)
            {
                var (_, e, error) = CourtEventReader.Read(item.Event, _upstream.LocalCourt(item.Court), today);
                if (e is null)
                {
                    rejected++;
                    LogUnreadable(item.Seq, error);
                    passedOver = $"the upstream's event at {item.Seq.ToString(CultureInfo.InvariantCulture)} could not be read and was passed over: {error}";
                    continue;
                }

                read.Add((keys.For(e.Subject), e));
            }

            // Each subject's events in feed order.
            var groups = read.GroupBy(r => r.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, Events: (IReadOnlyList<CourtEvent>)[.. g.Select(r => r.Event)])).ToList();
            return new PreparedPage(page, groups, rejected, passedOver, _batch.Plan(groups, leftToGrains ?? new HashSet<string>(StringComparer.Ordinal), record: true));
        }, cancellationToken);
    }

    /// <summary>
    /// Finishes a page once its bulk write is done: the subjects it did not write through their grains, one call per
    /// subject at the same time (as a court's request); then the followed logs and, last, the cursor.
    /// </summary>
    private async Task FinishAsync(PreparedPage prepared, Task<SubjectBatch.BulkPart?> bulk, CancellationToken cancellationToken)
    {
        var (page, groups, rejected, passedOver, _) = prepared;
        var result = await _batch.ApplyRestAsync(groups, await bulk);
        var applied = new List<(string Key, CourtEvent Event)>(groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            var (key, events) = groups[i];
            if (result.InBulk.Contains(key))
            {
                // On the record and in the feed with their subjects' rows.
                continue;
            }

            foreach (var (e, outcome) in events.Zip(result.Outcomes[i]))
            {
                if (outcome.Status == EventStatus.Rejected)
                {
                    rejected++;
                    LogRejected(e.Court, e.EventId, outcome.Error);
                    passedOver = $"event {e.EventId} of court {e.Court} was refused here and passed over: {outcome.Error}";
                }
                else
                {
                    applied.Add((key, e));
                }
            }
        }

        foreach (var log in _followedLogs)
        {
            await log.AppendAsync(applied, cancellationToken);
        }

        state.State.Cursor = page.Next;
        state.State.Applied += applied.Count + result.EventsInBulk;
        state.State.Rejected += rejected;
        await state.WriteStateAsync(cancellationToken);
        _lastPassedOver = passedOver ?? _lastPassedOver;
        _lagSeconds = page.Items is [.., { At: { } at }] ? Math.Max(0, (time.GetUtcNow() - at).TotalSeconds) : 0;
    }

    /// <summary>
    /// A page read and made ready to write (<see cref="PrepareAsync"/>): <see cref="PassedOver"/> says why the last of its
    /// events that cannot be read was passed over; <see cref="Bulk"/> is null when the bulk path is off.
    /// </summary>
    private sealed record PreparedPage(
        UpstreamFeedPage Page, List<(string Key, IReadOnlyList<CourtEvent> Events)> Groups, long Rejected, string? PassedOver, SubjectBatch.BulkPart? Bulk);


    [LoggerMessage(EventId = GrainsEventIds.UpstreamPollFailed, Level = LogLevel.Warning, Message = "Following the upstream failed ({Failures} in a row); next attempt in {Delay}")]
    private partial void LogPollFailed(Exception exception, int failures, TimeSpan delay);

    [LoggerMessage(EventId = GrainsEventIds.UpstreamReportFailed, Level = LogLevel.Warning, Message = "Reporting to the upstream failed ({Failures} in a row); next attempt in {Delay}")]
    private partial void LogReportFailed(Exception exception, int failures, TimeSpan delay);

    [LoggerMessage(EventId = GrainsEventIds.UpstreamReportRefused, Level = LogLevel.Warning, Message = "The upstream refused report {Id}; it is set aside: {Reason}")]
    private partial void LogReportRefused(long id, string reason);

    [LoggerMessage(EventId = GrainsEventIds.UpstreamEventUnreadable, Level = LogLevel.Warning, Message = "Upstream event at {Seq} could not be read and is passed over: {Error}")]
    private partial void LogUnreadable(long seq, string? error);

    [LoggerMessage(EventId = GrainsEventIds.UpstreamEventRejected, Level = LogLevel.Warning, Message = "Upstream event {EventId} of court {Court} was refused here and is passed over: {Error}")]
    private partial void LogRejected(string court, string eventId, string? error);
}
