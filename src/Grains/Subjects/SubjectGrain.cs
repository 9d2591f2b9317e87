using System.Collections.Immutable;
using System.Runtime.ExceptionServices;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Domain.Decisions;
using JointPunishment.Grains.Domain.Lifecycle;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Principals;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Keys;
using Microsoft.Extensions.Logging;
using JointPunishment.Grains.Diagnostics;
using JointPunishment.Grains.Federation;
using JointPunishment.Grains.Subjects.Bulk;
using Microsoft.Extensions.Options;

namespace JointPunishment.Grains.Subjects;

public sealed partial class SubjectGrain(
    [PersistentState("state", StorageNames.Main)] IPersistentState<SubjectState> state,
    SubjectKeys keys,
    IEnumerable<ISubjectProjection> projections,
    IOptions<UpstreamOptions> upstream,
    IOptions<CourtBulkOptions> courts,
    ILogger<SubjectGrain> logger) : Grain, ISubjectGrain, IRemindable, IIncomingGrainCallFilter
{
    private const string FanOutReminder = "officer-fanout";

    /// <summary>The exit reason of a red-list entry the operator removed.</summary>
    public const string RedListRemoved = "removed";

    private readonly ISubjectProjection[] _projections = [.. projections];

    /// <summary>The fan-out reminder this activation registered, kept so removing it needs no read of the reminder table.</summary>
    private IGrainReminder? _fanOutReminder;

    /// <summary>Whether the follower or a court's request may write subjects' first rows itself (<see cref="SubjectBulkApply"/>), around this activation.</summary>
    private readonly bool _bulkWrites = upstream.Value.WritesSubjectsInBulk || courts.Value.BulkWrites;

    private SubjectState State => state.State;

    /// <summary>
    /// Where the follower or a court's request writes new subjects' rows in bulk, an activation that found no row may be older than the row
    /// written since: it reads its row again before each call until it has one, so no call made after a bulk page's
    /// commit is answered (or applied) from the empty state read before it. See docs/federation.md, "Initial sync".
    /// </summary>
    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _bulkWrites && !state.RecordExists ? ReadAgainThenInvokeAsync(context) : context.Invoke();
    }

    private async Task ReadAgainThenInvokeAsync(IIncomingGrainCallContext context)
    {
        await state.ReadStateAsync();
        await context.Invoke();
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GrainKeys.EnsurePrefixed(this.GetPrimaryKeyString(), GrainKeys.SubjectPrefix);

        // The last change may have been persisted without reaching the projections (the silo died in between); unless
        // every projection holds it already, it is projected again. A projection that fails here must not stop the
        // subject from answering checks: it is logged and tried again with the next write or activation (projections
        // are idempotent by revision).
        try
        {
            if (State.Subject is not null && State.Revision > State.ProjectedRevision && !await ProjectionsHoldAsync(cancellationToken))
            {
                await ProjectAsync(activating: true, forWatchers: false, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogProjectionOnActivationFailed(ex, State.Revision);
        }
        if (State.Outbox.Count > 0)
        {
            await DeliverOutboxAsync();
        }
    }

    public async Task<ImmutableArray<EventOutcome>> ApplyAsync(ImmutableArray<CourtEvent> events)
    {
        var outcomes = ImmutableArray.CreateBuilder<EventOutcome>(events.Length);
        var changed = false;
        foreach (var e in events)
        {
            var higherCourt = SubjectChanges.NeedsHigherCourt(State, e, out var current) ? await HigherCourtOfAsync(current!) : null;
            var outcome = SubjectChanges.Apply(State, e, higherCourt, keys);
            outcomes.Add(outcome);
            changed |= outcome.Status == EventStatus.Applied;
        }

        if (changed)
        {
            await IndexAsync();
            if (State.Outbox.Count > 0)
            {
                // Registered before the write: if the silo dies after persisting the outbox, the reminder finishes the fan-out.
                var registering = this.RegisterOrUpdateReminder(FanOutReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
                await DropActivationOnFailureAsync(registering);
                _fanOutReminder = await registering;
            }

            await WriteChangeAsync();
        }

        if (State.Outbox.Count > 0)
        {
            await DeliverBeforeAnsweringAsync();
        }

        return outcomes.MoveToImmutable();
    }

    public async Task<CheckResult> CheckAsync(CheckQuery query)
    {
        if (!MeasureCatalogue.TryGet(query.Measure, out var measure))
        {
            throw new ArgumentException($"unknown measure {query.Measure}", nameof(query));
        }

        var isPerson = query.SubjectType is IdType.ResidentId or IdType.Passport;
        var related = ImmutableArray<RelatedListings>.Empty;
        if (measure.Scope.HasFlag(Interfaces.Model.MeasureScope.Applicant) && !isPerson && !query.Related.IsDefaultOrEmpty)
        {
            var listings = await Task.WhenAll(query.Related.Select(r => GrainFactory.GetGrain<ISubjectGrain>(r.SubjectKey).GetListingsAsync()));
            related = query.Related.Select((r, i) => new RelatedListings(r.Role, listings[i])).ToImmutableArray();
        }

        var input = new DecisionInput(isPerson, [.. State.Listings.Values], [.. State.OfficerLinks.Values], related);
        var result = DecisionEngine.Decide(measure, input, query.Action, query.Today);

        // 五(三): a red-listed subject that nothing restricts is answered with its incentives.
        return result.Decision == Decision.Allow && State.RedList is { } entry && entry.IsActiveOn(query.Today)
            ? result with { Incentives = [new Incentive(entry.Category, entry.Basis)] }
            : result;
    }

    public async Task<RedListOutcome> AddToRedListAsync(SubjectRef subject, RedListEntry entry)
    {
        if (State.Listings.Values.Any(l => l.Status == ListingStatus.Listed))
        {
            return RedListOutcome.Listed;
        }

        // Named in the index before the entry is stored, so no check answers from the index without its incentives.
        // Index entries are never removed (a listing's stays after delisting too), so leaving the red list never
        // unnames a subject that a listing still needs.
        await IndexAsync();
        State.Subject ??= subject;
        State.RedList = entry with { ExitedOn = null, ExitReason = null };
        await WriteChangeAsync();
        return RedListOutcome.Added;
    }

    public async Task<bool> RemoveFromRedListAsync(DateOnly today)
    {
        if (State.RedList is not { ExitedOn: null } entry)
        {
            return false;
        }

        State.RedList = entry with { ExitedOn = today, ExitReason = RedListRemoved };
        await WriteChangeAsync();
        return true;
    }

    public Task<RedListEntry?> GetRedListAsync() => Task.FromResult(State.RedList);

    public Task<ImmutableArray<Listing>> GetListingsAsync() => Task.FromResult<ImmutableArray<Listing>>([.. State.Listings.Values]);

    public Task<SubjectView?> GetViewAsync() => Task.FromResult(State.Subject is null
        ? null
        : new SubjectView(
            State.Subject,
            [.. State.Listings.Values.OrderBy(l => l.CaseNumber, StringComparer.Ordinal)],
            [.. State.OfficerLinks.Values.Where(l => l.Listing is not null).OrderBy(l => l.CaseNumber, StringComparer.Ordinal)])
        {
            CreditRepairs = [.. State.CreditRepairs.Values.OrderBy(r => r.Agency, StringComparer.Ordinal)],
        });

    public async Task<CreditRepairOutcome> RecordCreditRepairAsync(string agency, CreditRepairDecision decision, string? note, DateTimeOffset decidedAt)
    {
        // 四(二)6: repair is for a subject whose listings were shielded or revoked; a risk notice alone was never a listing.
        if (!State.Listings.Values.Any(l => l.ListedOn is not null))
        {
            return CreditRepairOutcome.NeverListed;
        }

        if (State.Listings.Values.Any(l => l.Status == ListingStatus.Listed))
        {
            return CreditRepairOutcome.ActiveListing;
        }

        State.CreditRepairs[agency] = new CreditRepair(agency, decision, note, decidedAt, State.Revision + 1);
        await WriteChangeAsync();
        return CreditRepairOutcome.Recorded;
    }

    public async Task<ImmutableArray<ObjectionCase>> ReferObjectionAsync(Objection objection)
    {
        var cases = ImmutableArray.CreateBuilder<ObjectionCase>();
        foreach (var listing in State.Listings.Values.OrderBy(l => l.CaseNumber, StringComparer.Ordinal).ToArray())
        {
            if (ListingLifecycle.ReceiveObjection(listing, objection) is { } next)
            {
                State.Listings[listing.CaseNumber] = next;
                cases.Add(new ObjectionCase(listing.CaseNumber, listing.Court));
            }
        }

        if (cases.Count > 0)
        {
            // Stored and projected (jp_objection, jp_due_step) before the agency hears 201.
            await WriteChangeAsync();
        }

        return cases.ToImmutable();
    }

    public async Task ApplyOfficerLinkAsync(OfficerLink link)
    {
        if (!SubjectChanges.ApplyOfficerLink(State, link))
        {
            return;
        }

        await IndexAsync();
        await WriteChangeAsync();
    }

    public Task ReprojectAsync() => ProjectAsync(activating: false, forWatchers: true, CancellationToken.None);

    public Task ReceiveReminder(string reminderName, TickStatus status) => DeliverOutboxAsync();

    /// <summary>
    /// The listing court's higher court, which may send the reconsideration events of the case (四(二)3). Asked of the
    /// court's grain only for those two rare event types, so the lifecycle stays pure and listings carry no copy of it.
    /// </summary>
    private async Task<string?> HigherCourtOfAsync(Listing current) =>
        await GrainFactory.GetGrain<ICourtGrain>(GrainKeys.Court(current.Court)).GetHigherCourtAsync();

    /// <summary>
    /// Puts this subject, and the officers it is about to notify, into the index of named subjects before the
    /// change is acknowledged, so no check can answer from the index that they are unrestricted.
    /// </summary>
    private async Task IndexAsync()
    {
        var hashes = State.Outbox.Values.Select(p => SubjectKeys.HashOf(p.OfficerKey)).ToList();
        if (!State.Indexed)
        {
            hashes.Add(SubjectKeys.HashOf(this.GetPrimaryKeyString()));
        }

        if (hashes.Count > 0)
        {
            await DropActivationOnFailureAsync(RestrictedIndex.AddAsync(GrainFactory, hashes));
            State.Indexed = true;
        }
    }

    /// <summary>
    /// The officers of a listed unit are restricted from the moment the court has the answer (the +O measures of 二(三)1, 二(六)1, 二(七)): the
    /// court hears <c>applied</c> (or <c>duplicate</c>) only once every officer's grain holds the update. The update is
    /// persisted with the event (the outbox) and the officers' grains apply it idempotently by version, so a delivery
    /// cut short — the officer's silo unreachable, or this one dying — fails the call instead: the court gets no answer
    /// (a 503 to retry), resends, finds the event a duplicate, and that answer again waits for the delivery; a fresh
    /// activation, or the reminder, delivers it meanwhile. The common path costs nothing more: delivery always ran
    /// before the answer; only a failed one was acknowledged anyway, leaving the officer unrestricted until the reminder.
    /// The other design (an officer named in the index with no state for the unit's case asking the unit) would cost
    /// every officer check a lookup of pending links, and a crash between the write and the delivery leaves nothing to
    /// find but the unit's outbox anyway.
    /// </summary>
    private async Task DeliverBeforeAnsweringAsync()
    {
        if (await DeliverOutboxAsync() is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Delivers the pending officer updates; returns the first failure (the undelivered ones stay in the outbox for the reminder).</summary>
    private async Task<Exception?> DeliverOutboxAsync()
    {
        var delivered = 0;
        Exception? failure = null;
        foreach (var (key, pending) in State.Outbox.ToArray())
        {
            try
            {
                await GrainFactory.GetGrain<ISubjectGrain>(pending.OfficerKey).ApplyOfficerLinkAsync(pending.Link);
                State.Outbox.Remove(key);
                delivered++;
            }
            catch (Exception ex)
            {
                LogFanOutFailed(ex, pending.Link.CaseNumber, pending.Link.Role);
                failure ??= ex;
            }
        }

        if (delivered > 0)
        {
            await WriteStateAsync();
        }

        if (State.Outbox.Count == 0)
        {
            // Read back only when another activation registered it (or a tick woke this one). Should the kept handle be
            // stale, unregistering throws; the reminder then ticks once more, finds the outbox empty and is removed.
            var reminder = _fanOutReminder ?? await this.GetReminder(FanOutReminder);
            _fanOutReminder = null;
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }
        }

        return failure;
    }

    /// <summary>Persists a change of the subject, then brings the projections up to it (before the change is acknowledged).</summary>
    private async Task WriteChangeAsync()
    {
        State.Revision++;
        await WriteStateAsync();
        await ProjectAsync(activating: false, forWatchers: false, CancellationToken.None);
    }

    /// <summary>Whether every projection holds the stored revision (one look-up each; a subject with no projections has nothing to project).</summary>
    private async Task<bool> ProjectionsHoldAsync(CancellationToken cancellationToken)
    {
        foreach (var projection in _projections)
        {
            if (!await projection.HoldsAsync(this.GetPrimaryKeyString(), State.Revision, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    private async Task ProjectAsync(bool activating, bool forWatchers, CancellationToken cancellationToken)
    {
        if (_projections.Length == 0)
        {
            return;
        }

        if (SubjectChanges.Snapshot(this.GetPrimaryKeyString(), State, forWatchers) is not { } snapshot)
        {
            return;
        }

        try
        {
            foreach (var projection in _projections)
            {
                await projection.ProjectAsync(snapshot, cancellationToken);
            }
        }
        catch when (!activating)
        {
            // A write whose change is stored but not projected: the next activation projects it again.
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Writes the state; on failure the activation is dropped so the next call reloads what is really stored.</summary>
    private Task WriteStateAsync() => DropActivationOnFailureAsync(state.WriteStateAsync());

    /// <summary>
    /// A step between changing the state in memory and storing it (indexing, the reminder, the write itself): if it fails,
    /// the activation is dropped, so the change it holds is forgotten and a resent event is evaluated afresh against
    /// what is stored. Kept, the change would answer the resent event <c>duplicate</c> although it was never indexed
    /// nor stored, and checks would find the subject unrestricted.
    /// </summary>
    private async Task DropActivationOnFailureAsync(Task step)
    {
        try
        {
            await step;
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    [LoggerMessage(EventId = GrainsEventIds.ProjectionFailedOnActivation, Level = LogLevel.Error, Message = "Subject projection at revision {Revision} failed on activation; the subject keeps answering and the projection is retried on its next write or activation")]
    private partial void LogProjectionOnActivationFailed(Exception exception, long revision);

    [LoggerMessage(EventId = GrainsEventIds.OfficerUpdateNotDelivered, Level = LogLevel.Warning, Message = "Officer update for case {CaseNumber} ({Role}) not delivered yet; the court's event is not acknowledged, and its resending or the reminder retries it")]
    private partial void LogFanOutFailed(Exception exception, string caseNumber, SubjectRole role);
}
