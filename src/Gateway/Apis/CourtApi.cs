using System.Collections.Immutable;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.Telemetry;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Keys;
using JointPunishment.Storage.Audit;
using JointPunishment.Storage.Federation;

namespace JointPunishment.Gateway.Apis;

public static class CourtApi
{
    public const int MaxEventsPerRequest = 1000;

    /// <summary>Subjects of one request whose events are being applied at the same time.</summary>
    private const int MaxSubjectsInFlight = MaxEventsPerRequest;

    public static RouteGroupBuilder MapCourtApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/court").WithTags("Court");
        group.MapPost("/events", PostEventsAsync).RequireCaller(CallerRole.Court)
            .AcceptsJson<CourtEventsBody>()
            .WithName("PostCourtEvents").WithSummary("Applies up to 1000 lifecycle events; one result per event, in order. Applied events are durable.");
        group.MapGet("/subjects/{idType}/{idNumber}", GetSubjectAsync).RequireCaller(CallerRole.Court, CallerRole.Operator)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetSubject").WithSummary("A subject's whole state: cases with history, officer links, suspensions, retentions.");
        return group;
    }

    /// <summary>
    /// Up to 1000 lifecycle events (CONTRACT "Court"). A malformed request (not JSON, no <c>events</c> array, too many events)
    /// is a 400 and applies nothing; inside a well-formed one, an invalid event is <c>rejected</c> on its own.
    /// </summary>
    public sealed record CourtEventsBody
    {
        /// <summary>The events, applied in order per subject.</summary>
        [MaxLength(MaxEventsPerRequest)]
        public required IReadOnlyList<CourtEventBody> Events { get; init; }
    }

    /// <summary>
    /// One step of a case. Every event has <c>eventId</c>, <c>type</c>, <c>caseNumber</c>, <c>subject</c> and <c>on</c>; the
    /// others belong to some types only: <c>listed</c> (<c>listedOn</c>, <c>public</c>, <c>servedOn</c>, <c>obligation</c>,
    /// <c>officers</c>), <c>verification_started</c> (<c>measure</c>), <c>verification_closed</c> (<c>outcome</c>
    /// confirmed/revoked, <c>measure</c>, <c>reason</c>), <c>retained</c> (<c>measure</c>, <c>until</c>, <c>basis</c>),
    /// <c>reconsideration_decided</c> (<c>outcome</c> upheld/dismissed, <c>reason</c>), and <c>shielded</c>, <c>revoked</c>,
    /// <c>correction_upheld</c>, <c>correction_dismissed</c>, <c>reconsideration_requested</c> (<c>reason</c>).
    /// Dates lie between 1900-01-01 and 2100-12-31, and a step's date not after today (CST).
    /// </summary>
    public sealed record CourtEventBody
    {
        /// <summary>The court's own id for the event: sent again, it is a <c>duplicate</c> and changes nothing.</summary>
        [MaxLength(128)]
        public required string EventId { get; init; }

        /// <summary>The lifecycle step.</summary>
        [AllowedValues("risk_notice", "listed", "correction_requested", "correction_upheld", "correction_dismissed", "verification_started",
            "verification_closed", "shielded", "revoked", "retained", "performed", "reconsideration_requested", "reconsideration_decided")]
        public required string Type { get; init; }

        /// <summary>The case number (案号).</summary>
        [MaxLength(100)]
        public required string CaseNumber { get; init; }

        /// <summary>The debtor of the case.</summary>
        public required NamedSubjectBody Subject { get; init; }

        /// <summary>The date the step happened (default: today, CST); deadlines are counted from it.</summary>
        public DateOnly? On { get; init; }

        /// <summary><c>listed</c> (required): the date of the listing decision.</summary>
        public DateOnly? ListedOn { get; init; }

        /// <summary><c>listed</c>: the date the debtor received the decision; the 10-day correction window counts from it.</summary>
        public DateOnly? ServedOn { get; init; }

        /// <summary><c>listed</c> (required): whether the listing is published (false: 依法不宜公开).</summary>
        public bool? Public { get; init; }

        /// <summary><c>listed</c>: the obligation the debtor failed to perform.</summary>
        [MaxLength(2000)]
        public string? Obligation { get; init; }

        /// <summary><c>listed</c>, for a unit debtor only: its officers, at most 50.</summary>
        [MaxLength(CourtEventReader.MaxOfficers)]
        public IReadOnlyList<OfficerBody>? Officers { get; init; }

        /// <summary>
        /// A measure code of the catalogue: <c>verification_started</c>/<c>verification_closed</c> (that measure; all when
        /// absent), <c>retained</c> (required).
        /// </summary>
        [MaxLength(64)]
        public string? Measure { get; init; }

        /// <summary><c>verification_closed</c> (required): confirmed or revoked; <c>reconsideration_decided</c> (required): upheld or dismissed.</summary>
        [AllowedValues("confirmed", "revoked", "upheld", "dismissed")]
        public string? Outcome { get; init; }

        /// <summary>Why: on shielding, revocation, corrections, verification and reconsideration.</summary>
        [MaxLength(2000)]
        public string? Reason { get; init; }

        /// <summary><c>retained</c> (required): the last date the measure stays in force after delisting.</summary>
        public DateOnly? Until { get; init; }

        /// <summary><c>retained</c> (required): the legal basis for retaining the measure.</summary>
        [MaxLength(2000)]
        public string? Basis { get; init; }
    }

    /// <summary>An officer of a listed unit; the subject's fields sit beside <c>role</c>.</summary>
    public sealed record OfficerBody : IdentifiedBody
    {
        /// <summary>The officer's role in the unit.</summary>
        [AllowedValues("legal_representative", "principal", "actual_controller", "directly_responsible")]
        public required string Role { get; init; }

        /// <summary>The officer's name.</summary>
        [MaxLength(200)]
        public required string Name { get; init; }
    }

    /// <summary>One event's result: <c>status</c> <c>applied</c>, <c>duplicate</c> or <c>rejected</c> (with <c>error</c>, naming the fields).</summary>
    public sealed record EventResult(string? EventId, string Status, string? Error);

    /// <summary>One result per event, in the order sent.</summary>
    public sealed record EventsResponse(IReadOnlyList<EventResult> Results);

    private static async Task<Results<Ok<EventsResponse>, ValidationProblem, ProblemHttpResult>> PostEventsAsync(HttpContext http, IGrainFactory grains, SubjectKeys keys, TimeProvider time, AuditLog audit, FederationLog federation, GatewayMetrics metrics)
    {
        var (json, problem) = await RequestBody.ReadAsync(http.Request);
        if (json is null)
        {
            return problem!;
        }

        using var owned = json;
        var errors = json.Errors;
        var items = json.Body.Array("events", required: true, MaxEventsPerRequest);
        if (items is null)
        {
            return Problems.Invalid(errors);
        }

        var court = http.Caller().Code;
        var today = time.Today();
        var results = new EventResult[items.Count];
        var read = new (string Key, CourtEvent Event)?[items.Count];
        var bySubject = new Dictionary<string, List<(int Index, CourtEvent Event)>>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var itemErrors = new ValidationErrors();
            var item = items[i].WithErrors(itemErrors);
            var (eventId, e, error) = CourtEventReader.Read(item, court, today);
            if (e is null)
            {
                results[i] = new EventResult(eventId, "rejected", error);
                metrics.CourtEventUnread();
                continue;
            }

            var key = keys.For(e.Subject);
            read[i] = (key, e);
            if (!bySubject.TryGetValue(key, out var list))
            {
                bySubject[key] = list = [];
            }

            list.Add((i, e));
        }

        // One call per subject keeps its events in order; different subjects proceed in parallel. Bounding this to
        // 32 (to spare the silos' connection pools) measured slower on a 20,000-listing import (341/s against
        // 411/s unbounded, one run each), so the bound is only the request's own size.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxSubjectsInFlight };
        await Parallel.ForEachAsync(bySubject, parallel, async (group, _) =>
        {
            var outcomes = await grains.GetGrain<ISubjectGrain>(group.Key).ApplyAsync([.. group.Value.Select(v => v.Event)]);
            for (var j = 0; j < outcomes.Length; j++)
            {
                var (index, e) = group.Value[j];
                results[index] = new EventResult(e.EventId, WireNames.Of(outcomes[j].Status), outcomes[j].Error);
                metrics.CourtEventAnswered(e, outcomes[j].Status);
            }
        });

        // On record before the court hears "applied": the request, and a row per applied event under its subject's key —
        // event ids, types and case numbers only, never identity numbers. A duplicate was applied by an earlier attempt
        // whose audit or answer may have failed (so the court sent it again): its row is written now unless it exists.
        // The same goes for the federation feed downstream nodes follow, appended in the same transaction.
        var onRecord = new List<AppliedCourtEvent>();
        var toFollowers = new List<FederationEntry>();
        for (var i = 0; i < results.Length; i++)
        {
            if (read[i] is { } entry && results[i].Status is "applied" or "duplicate")
            {
                onRecord.Add(new AppliedCourtEvent(
                    entry.Key, entry.Event.EventId, WireNames.Of(entry.Event.Type), entry.Event.CaseNumber, Retried: results[i].Status == "duplicate"));
                toFollowers.Add(new FederationEntry(entry.Key, entry.Event.EventId, CourtEventWriter.Write(entry.Event)));
            }
        }

        await audit.RecordCourtEventsAsync(court, onRecord, new
        {
            applied = results.Where(r => r.Status == "applied").Select(r => r.EventId),
            duplicate = results.Count(r => r.Status == "duplicate"),
            rejected = results.Count(r => r.Status == "rejected"),
        }, toFollowers.Count > 0 ? federation.AppendCommand(court, toFollowers) : null);
        return TypedResults.Ok(new EventsResponse(results));
    }

    private static async Task<Results<Ok<SubjectViewDto>, ValidationProblem, ProblemHttpResult>> GetSubjectAsync(string idType, string idNumber, HttpContext http, IGrainFactory grains, SubjectKeys keys, TimeProvider time, AuditLog audit)
    {
        var errors = new ValidationErrors();
        if (SubjectReader.ReadPath(idType, idNumber, time.Today(), errors) is not { } identity)
        {
            return Problems.Invalid(errors);
        }

        var subjectKey = keys.For(identity.Type, identity.Number);
        var view = await grains.GetGrain<ISubjectGrain>(subjectKey).GetViewAsync();

        // Who read whose whole state (or learnt that no court named them) is on record before the answer: the subject's key, never its number.
        var caller = http.Caller();
        await audit.RecordAsync(caller.Role == CallerRole.Court ? "court" : "operator", caller.Code, "subject_viewed", subjectKey, new { found = view is not null });
        return view is null
            ? Problems.NotFound("No court has named this subject.")
            : TypedResults.Ok(SubjectViewDto.From(view));
    }
}
