using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Keys;
using JointPunishment.Grains.Wire.Records;
using JointPunishment.Storage.Watchlists;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// Watchlists (CONTRACT "Watchlists"; DOMAIN "Watchlists", 二(三)1, 二(四)2, 二(五)1, 四(二)5): an agency keeps named
/// lists of the people it deals with, one measure each, and reads an alert whenever a member's decision under that
/// measure crosses <c>allow</c>. Members are stored by subject key, with the identity only sealed (so a subject-key
/// rotation can move them); a member the index names is projected at once, so
/// one already restricted alerts before the agency hears 200. Court events alert through the subject projection
/// (<see cref="PostgresWatchProjection"/>), before the court hears its answer.
/// </summary>
public static class WatchlistsApi
{
    public const int MaxMembers = 10_000;
    public const int MaxRef = 64;
    public const int MaxName = 64;
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Named subjects projected at once at most, so a large add does not flood the silos.</summary>
    private const int ProjectionsInFlight = 64;

    public static IEndpointRouteBuilder MapWatchlistsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/watchlists/{name}/members", UpdateMembersAsync).RequireCaller(CallerRole.Agency).WithTags("Watchlists")
            .AcceptsJson<WatchlistMembersBody>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UpdateWatchlist").WithSummary("Adds members to (by the agency's own ref) and removes them from one of the agency's watchlists, up to 10,000 each; a watchlist has one measure.");
        app.MapGet("/v1/alerts", ReadAlertsAsync).RequireCaller(CallerRole.Agency).WithTags("Watchlists")
            .WithName("Alerts").WithSummary("The agency's alerts after a cursor: watchlist members whose decision crossed allow.");
        return app;
    }

    /// <summary>
    /// Members to add to and remove from the watchlist named in the route (CONTRACT "Watchlists"). A watchlist watches one
    /// measure, which the agency must hold (else 403); another measure under the same name is 409.
    /// </summary>
    public sealed record WatchlistMembersBody
    {
        /// <summary>The measure's code in the catalogue.</summary>
        [Required]
        [MaxLength(64)]
        public required string Measure { get; init; }

        /// <summary>Members to add, at most 10,000; no identity number is stored in clear.</summary>
        [MaxLength(MaxMembers)]
        public IReadOnlyList<WatchlistMemberBody>? Add { get; init; }

        /// <summary>The refs of members to remove, at most 10,000, each 1 to 64 characters.</summary>
        [MaxLength(MaxMembers)]
        public IReadOnlyList<string>? Remove { get; init; }
    }

    /// <summary>A member: the agency's own reference for it, and the subject's fields beside it.</summary>
    public sealed record WatchlistMemberBody : IdentifiedBody
    {
        /// <summary>The agency's own reference, unique within one request; alerts name the member by it.</summary>
        [Required]
        [MaxLength(MaxRef)]
        public required string Ref { get; init; }

        /// <summary>The member's name (not stored).</summary>
        [MaxLength(200)]
        public string? Name { get; init; }
    }

    /// <summary>How many members the request added and removed.</summary>
    public sealed record ChangeDto(int Added, int Removed);

    public sealed record AlertDto(long Seq, string Watchlist, string Ref, string Measure, string Decision, string Kind, DateTimeOffset At)
    {
        public static AlertDto From(WatchAlert a) => new(a.Seq, a.Watchlist, a.Ref, a.Measure, WireNames.Of(a.Decision), WireNames.Of(a.Kind), a.At);
    }

    /// <summary>A page of alerts; <c>next</c> is the cursor to pass as <c>after</c>.</summary>
    public sealed record AlertsDto(IReadOnlyList<AlertDto> Items, string Next);

    private static async Task<Results<Ok<ChangeDto>, ValidationProblem, ProblemHttpResult>> UpdateMembersAsync(
        RequestBody<WatchlistMembersBody> json, HttpContext http, string name, IGrainFactory grains, CheckAgencies agencies, SubjectKeys keys,
        LocalIndexReplica replica, WatchlistStore store, TimeProvider time)
    {
        var (body, errors) = json;
        if (name.Length > MaxName || name.Any(char.IsControl) || name.Trim().Length == 0)
        {
            errors.Add("name", $"must be 1 to {MaxName} characters without control characters");
        }

        Measure? measure = null;
        if (!errors.Has("measure") && !MeasureCatalogue.TryGet(body.Measure, out measure))
        {
            errors.Add("measure", CheckPipeline.UnknownMeasure);
        }

        var add = ReadMembers(body.Add ?? [], time.Today(), errors);
        var remove = ReadRefs(body.Remove ?? [], errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var agency = http.Caller().Code;
        if (await agencies.AuthoriseAsync(grains, agency, measure!) is { } refusal)
        {
            return Problems.Forbidden(refusal.Message!);
        }

        var members = add.Select(m => (m.Ref, Key: keys.ForWithHash(m.Type, m.Number))).ToArray();
        var update = await store.UpdateAsync(
            agency, name, measure!.Code, [.. add.Select((m, i) => new WatchMember(m.Ref, members[i].Key.Key, m.Type, m.Number))], remove, http.RequestAborted);
        if (update.OtherMeasure is { } other)
        {
            return Problems.Conflict($"measure: the watchlist '{name}' watches {other}; a watchlist has one measure (use another name for {measure.Code}).");
        }

        // A member the index names may be restricted already: its grain projects itself again, which alerts it (and
        // a court event meanwhile alerts it through the same projection, once). The index names every subject a court
        // ever acknowledged, on this gateway's copy too, so an unnamed member is allow and has nothing to alert.
        var named = await RestrictedIndex.ContainsAsync(grains, replica, [.. members.Select(m => m.Key.Hash)]);
        var toProject = members.Where((_, i) => named[i]).Select(m => m.Key.Key).Distinct(StringComparer.Ordinal).ToArray();
        await Parallel.ForEachAsync(toProject, new ParallelOptions { MaxDegreeOfParallelism = ProjectionsInFlight },
            async (key, _) => await grains.GetGrain<ISubjectGrain>(key).ReprojectAsync());
        return TypedResults.Ok(new ChangeDto(update.Added, update.Removed));
    }

    /// <summary>The members to add with their identifiers judged; a ref given twice is an error of its second use.</summary>
    private static List<(string Ref, Grains.Interfaces.Model.IdType Type, string Number)> ReadMembers(IReadOnlyList<WatchlistMemberBody> items, DateOnly today, ValidationErrors errors)
    {
        var members = new List<(string, Grains.Interfaces.Model.IdType, string)>(items.Count);
        var refs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            // A null item is refused by the binding already.
            if (items[i] is not { } item)
            {
                continue;
            }

            var path = $"add[{i}]";
            var subject = item.ToSubject(path, item.Name, today, errors);
            if (item.Ref is not { } memberRef)
            {
                continue; // refused by the binding
            }

            if (!refs.Add(memberRef))
            {
                errors.Add($"{path}.ref", "appears more than once in add");
            }
            else if (subject is not null)
            {
                members.Add((memberRef, subject.IdType, subject.IdNumber));
            }
        }

        return members;
    }

    /// <summary>The refs to remove (the binding refuses a missing one).</summary>
    private static List<string> ReadRefs(IReadOnlyList<string> items, ValidationErrors errors)
    {
        var refs = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } memberRef)
            {
                continue;
            }

            if (memberRef.Length > MaxRef)
            {
                errors.Add($"remove[{i}]", $"must be a ref of 1 to {MaxRef} characters");
            }
            else
            {
                refs.Add(memberRef);
            }
        }

        return refs;
    }

    private static async Task<Results<Ok<AlertsDto>, ValidationProblem>> ReadAlertsAsync(HttpContext http, AlertFeed feed, string? after, string? limit)
    {
        var errors = new ValidationErrors();
        var (cursor, max) = QueryParameters.Feed(after, limit, MaxLimit, errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var alerts = await feed.ReadAfterAsync(http.Caller().Code, cursor, max, http.RequestAborted);
        var next = alerts.Count > 0 ? alerts[^1].Seq : cursor;
        return TypedResults.Ok(new AlertsDto([.. alerts.Select(AlertDto.From)], next.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
