using System.Globalization;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Keys;
using JointPunishment.Grains.Wire.Records;
using JointPunishment.Storage.Audit;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// The red list (诚信典型, 五(三)), kept by the operator: an entry lives in the subject grain, which refuses it while a
/// listing is in force and ends it (recording why) when the subject is listed. Checks of a red-listed subject that
/// nothing restricts carry its incentives; the public queries it by name (<c>GET /v1/public/red-list</c>, PublicApi).
/// </summary>
public static class RedListApi
{
    public const int MaxCategory = 100;
    public const int MaxBasis = 1000;

    public static RouteGroupBuilder MapRedListApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/red-list").WithTags("Red list");
        group.MapPost("/", AddAsync).RequireCaller(CallerRole.Operator)
            .AcceptsJson<RedListBody>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("AddToRedList").WithSummary("Puts a subject on the red list (诚信典型), replacing an earlier entry; 409 while a listing of the subject is in force.");
        group.MapDelete("/{idType}/{idNumber}", RemoveAsync).RequireCaller(CallerRole.Operator)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("RemoveFromRedList").WithSummary("Takes a subject off the red list (its exit is recorded as removed); 404 when it is not on it.");
        group.MapGet("/{idType}/{idNumber}", GetAsync).RequireCaller(CallerRole.Operator)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetRedListEntry").WithSummary("A subject's red-list entry, in force or with its exit (date and reason); 404 when it never had one.");
        return group;
    }

    /// <summary>A red-list entry (诚信典型, 五(三)); it replaces the subject's earlier one.</summary>
    public sealed record RedListBody
    {
        /// <summary>The subject honoured.</summary>
        [Required]
        public required NamedSubjectBody Subject { get; init; }

        /// <summary>The category of the entry (e.g. 诚信典型).</summary>
        [Required]
        [MaxLength(MaxCategory)]
        public required string Category { get; init; }

        /// <summary>Why the subject is on the red list.</summary>
        [Required]
        [MaxLength(MaxBasis)]
        public required string Basis { get; init; }

        /// <summary>
        /// The last date of the entry (YYYY-MM-DD), not in the past; none: until removed or the subject is listed. Text,
        /// read by the handler, so that a malformed date is reported with the body's other faults.
        /// </summary>
        [MaxLength(10)]
        [WireFormat("date")]
        public string? Until { get; init; }
    }

    /// <summary>An entry as the operator reads it; <c>active</c>: in force today (not exited, not past <c>until</c>).</summary>
    public sealed record RedListEntryDto(
        string Category, string Basis, DateOnly Since, DateOnly? Until, bool Active, DateOnly? ExitedOn, string? ExitReason);

    private static async Task<Results<Created<RedListEntryDto>, ValidationProblem, ProblemHttpResult>> AddAsync(RequestBody<RedListBody> request, HttpContext http, IGrainFactory grains, SubjectKeys keys, TimeProvider time, AuditLog audit)
    {
        var (body, errors) = request;
        var today = time.Today();
        var subject = body.Subject?.ToSubject("subject", body.Subject.Name, today, errors);
        var (category, basis) = (body.Category, body.Basis);
        DateOnly? until = null;
        if (body.Until is { } text && !errors.Has("until"))
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                errors.Add("until", "must be a date YYYY-MM-DD");
            }
            else if (date < today)
            {
                errors.Add("until", "must not be in the past");
            }

            until = date;
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var entry = new RedListEntry(category, basis, today, until);
        var subjectKey = keys.For(subject!);
        if (await grains.GetGrain<ISubjectGrain>(subjectKey).AddToRedListAsync(subject!, entry) != RedListOutcome.Added)
        {
            return Problems.Conflict("A listing of the subject is in force: a listed debtor cannot be on the red list.");
        }

        await audit.RecordAsync("operator", http.Caller().Code, "red_list_added", subjectKey, new { category, until });
        // No Location: it would carry the identity number into whatever logs the response headers.
        return TypedResults.Created((string?)null, Dto(entry, today));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RemoveAsync(
        string idType, string idNumber, HttpContext http, IGrainFactory grains, SubjectKeys keys, TimeProvider time, AuditLog audit)
    {
        var (subject, today, errors) = SubjectOf(idType, idNumber, grains, keys, time);
        if (subject is null)
        {
            return Problems.Invalid(errors);
        }

        if (!await subject.RemoveFromRedListAsync(today))
        {
            return Problems.NotFound("The subject is not on the red list.");
        }

        await audit.RecordAsync("operator", http.Caller().Code, "red_list_removed", subject.GetPrimaryKeyString());
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<RedListEntryDto>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string idType, string idNumber, IGrainFactory grains, SubjectKeys keys, TimeProvider time)
    {
        var (subject, today, errors) = SubjectOf(idType, idNumber, grains, keys, time);
        if (subject is null)
        {
            return Problems.Invalid(errors);
        }

        return await subject.GetRedListAsync() is { } entry
            ? TypedResults.Ok(Dto(entry, today))
            : Problems.NotFound("The subject was never on the red list.");
    }

    /// <summary>The grain of the subject the route names, with today's date; no grain, and what is wrong, when the route's identity is invalid.</summary>
    private static (ISubjectGrain? Subject, DateOnly Today, ValidationErrors Errors) SubjectOf(
        string idType, string idNumber, IGrainFactory grains, SubjectKeys keys, TimeProvider time)
    {
        var errors = new ValidationErrors();
        var today = time.Today();
        var subject = SubjectReader.ReadPath(idType, idNumber, today, errors) is { } identity
            ? grains.GetGrain<ISubjectGrain>(keys.For(identity.Type, identity.Number))
            : null;
        return (subject, today, errors);
    }

    private static RedListEntryDto Dto(RedListEntry e, DateOnly today) =>
        new(e.Category, e.Basis, e.Since, e.Until, e.IsActiveOn(today), e.ExitedOn, e.ExitReason);
}
