using JointPunishment.Grains.Diagnostics;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Federation;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Keys;
using JointPunishment.Grains.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JointPunishment.Grains.Federation;

/// <summary>
/// Follows the upstream's federation feed: reads a page after its cursor, applies the events to the subjects here as
/// events of the upstream's courts (<see cref="UpstreamOptions.LocalCourt"/>), each subject's in order, and only then
/// stores the new cursor. A silo that dies mid-page leaves the old cursor stored, so the page is read and applied again:
/// the subjects answer <c>duplicate</c> for what they applied already, so nothing is lost and nothing applied twice.
/// One activation in the cluster; a reminder brings it back on another silo, a grain timer (kept alive) drives it.
/// </summary>
public sealed partial class UpstreamFollowerGrain(
    [PersistentState("state", StorageNames.Main)] IPersistentState<UpstreamFollowerState> state,
    IOptions<UpstreamOptions> options,
    IHttpClientFactory httpClients,
    SubjectKeys keys,
    TimeProvider time,
    IEnumerable<IFollowedEventLog> followedLogs,
    ILogger<UpstreamFollowerGrain> logger) : Grain, IUpstreamFollowerGrain, IRemindable
{
    private const string KeepFollowing = "keep-following";
    private readonly UpstreamOptions _upstream = options.Value;
    private readonly IFollowedEventLog[] _followedLogs = [.. followedLogs];
    private IGrainTimer? _timer;
    private int _failures;
    private DateTimeOffset _nextAttemptAt;
    private string? _lastError;
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

    public Task<UpstreamStatus?> GetStatusAsync() => Task.FromResult(_upstream.IsConfigured
        ? new UpstreamStatus(_upstream.Url!.ToString(), state.State.Cursor, state.State.Applied, state.State.Rejected, _lagSeconds, _lastError, _lastPolledAt)
        : null);

    public Task ReceiveReminder(string reminderName, TickStatus status) => EnsureRunningAsync();

    /// <summary>Reads and applies pages until the upstream has no more (or fails: then waits, doubling the wait).</summary>
    private async Task PollAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() < _nextAttemptAt)
        {
            return;
        }

        try
        {
            var http = httpClients.CreateClient(UpstreamFeedPage.HttpClientName);
            while (!cancellationToken.IsCancellationRequested)
            {
                var page = await UpstreamFeedPage.ReadAsync(http, _upstream, state.State.Cursor, cancellationToken);
                _lastPolledAt = time.GetUtcNow();
                _failures = 0;
                _lastError = null;
                await ApplyAsync(page, cancellationToken);
                _lagSeconds = page.Items is [.., { At: { } at }] ? Math.Max(0, (time.GetUtcNow() - at).TotalSeconds) : 0;
                if (page.Items.Count < _upstream.BatchSize)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _failures++;
            _lastError = ex.Message;
            var delay = TimeSpan.FromTicks(Math.Min(_upstream.MaxRetryDelay.Ticks, _upstream.RetryDelay.Ticks * (1L << Math.Min(_failures - 1, 30))));
            _nextAttemptAt = time.GetUtcNow() + delay;
            LogPollFailed(ex, _failures, delay);
        }
    }

    private async Task ApplyAsync(UpstreamFeedPage page, CancellationToken cancellationToken)
    {
        var today = time.Today();
        var read = new List<(string Key, CourtEvent Event)>(page.Items.Count);
        long rejected = 0;
        foreach (var item in page.Items)
        {
            var errors = new ValidationErrors();
            var (_, e, error) = CourtEventReader.Read(new JsonFields(item.Event, "", errors), _upstream.LocalCourt(item.Court), today);
            if (e is null)
            {
                rejected++;
                LogUnreadable(item.Seq, error);
                continue;
            }

            read.Add((keys.For(e.Subject), e));
        }

        // Each subject's events in feed order, one call per subject; different subjects at the same time (as a court's request).
        var applied = new List<(string Key, CourtEvent Event)>(read.Count);
        var outcomes = await Task.WhenAll(read.GroupBy(r => r.Key, StringComparer.Ordinal).Select(async group =>
        {
            var events = group.Select(g => g.Event).ToList();
            var results = await GrainFactory.GetGrain<ISubjectGrain>(group.Key).ApplyAsync([.. events]);
            return events.Zip(results, (e, r) => (group.Key, Event: e, Outcome: r)).ToList();
        }));
        foreach (var (key, e, outcome) in outcomes.SelectMany(o => o))
        {
            if (outcome.Status == EventStatus.Rejected)
            {
                rejected++;
                LogRejected(e.Court, e.EventId, outcome.Error);
            }
            else
            {
                applied.Add((key, e));
            }
        }

        foreach (var log in _followedLogs)
        {
            await log.AppendAsync(applied, cancellationToken);
        }

        state.State.Cursor = page.Next;
        state.State.Applied += applied.Count;
        state.State.Rejected += rejected;
        await state.WriteStateAsync(cancellationToken);
    }

    [LoggerMessage(EventId = GrainsEventIds.UpstreamPollFailed, Level = LogLevel.Warning, Message = "Following the upstream failed ({Failures} in a row); next attempt in {Delay}")]
    private partial void LogPollFailed(Exception exception, int failures, TimeSpan delay);

    [LoggerMessage(EventId = GrainsEventIds.UpstreamEventUnreadable, Level = LogLevel.Warning, Message = "Upstream event at {Seq} could not be read and is passed over: {Error}")]
    private partial void LogUnreadable(long seq, string? error);

    [LoggerMessage(EventId = GrainsEventIds.UpstreamEventRejected, Level = LogLevel.Warning, Message = "Upstream event {EventId} of court {Court} was refused here and is passed over: {Error}")]
    private partial void LogRejected(string court, string eventId, string? error);
}
