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
using JointPunishment.Grains.Wire.Records;
using JointPunishment.Storage.Audit;
using JointPunishment.Storage.Federation;

namespace JointPunishment.Gateway.Apis;

public static class CourtApi
{
    public const int MaxEventsPerRequest = 1000;

    /// <summary>
    /// Keys the requests are spread over: a stateless worker ignores its key, but the Orleans client sends every call for
    /// one key through the same silo.
    /// </summary>
    private const int CourtEventsWorkers = 16;

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
    public sealed record CourtEventsBody : CourtEvents<CourtEventBody>;

    /// <summary>
    /// <see cref="CourtEventsBody"/> as it is bound (the document shows that one): each event on its own, so that an invalid
    /// one is rejected alone, with its reasons, while the others apply. The same shape, so the same rules.
    /// </summary>
    public sealed record CourtEventsInput : CourtEvents<BoundItem<CourtEventBody>>;

    /// <summary>A court request's fields and rules, once: documented with whole events, bound with each on its own.</summary>
    public abstract record CourtEvents<TEvent>
    {
        /// <summary>The events, applied in order per subject.</summary>
        [Required]
        [MaxLength(MaxEventsPerRequest)]
        public required IReadOnlyList<TEvent> Events { get; init; }
    }

    /// <summary>One event's result: <c>status</c> <c>applied</c>, <c>duplicate</c> or <c>rejected</c> (with <c>error</c>, naming the fields).</summary>
    public sealed record EventResult(string? EventId, string Status, string? Error);

    /// <summary>One result per event, in the order sent.</summary>
    public sealed record EventsResponse(IReadOnlyList<EventResult> Results);

    private static async Task<Results<Ok<EventsResponse>, ValidationProblem, ProblemHttpResult>> PostEventsAsync(
        RequestBody<CourtEventsInput> json, HttpContext http, IGrainFactory grains, SubjectKeys keys, TimeProvider time, AuditLog audit, FederationLog federation, GatewayMetrics metrics)
    {
        var (body, errors) = json;
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var items = body.Events;

        var court = http.Caller().Code;
        var today = time.Today();
        var results = new EventResult[items.Count];
        var read = new (string Key, CourtEvent Event)?[items.Count];
        var bySubject = new Dictionary<string, List<(int Index, CourtEvent Event)>>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var (eventId, e, error) = CourtEventReader.Read(items[i], court, today);
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

        // One group per subject keeps its events in order; the silo applies different subjects at the same time, those
        // new to the node in one transaction (ICourtEventsGrain).
        var subjects = bySubject.Select(g => new SubjectEvents(g.Key, [.. g.Value.Select(v => v.Event)])).ToImmutableArray();
        var answered = await grains.GetGrain<ICourtEventsGrain>(Random.Shared.Next(CourtEventsWorkers)).ApplyAsync(subjects);
        foreach (var (group, outcomes) in bySubject.Values.Zip(answered))
        {
            for (var j = 0; j < outcomes.Length; j++)
            {
                var (index, e) = group[j];
                results[index] = new EventResult(e.EventId, WireNames.Of(outcomes[j].Status), outcomes[j].Error);
                metrics.CourtEventAnswered(e, outcomes[j].Status);
            }
        }

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
