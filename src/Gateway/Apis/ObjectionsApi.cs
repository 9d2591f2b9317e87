using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Keys;
using JointPunishment.Grains.Wire.Records;
using JointPunishment.Storage.Audit;
using JointPunishment.Storage.Objections;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// 四(二)3 "对联合惩戒措施有异议的，由相关单位告知其向执行法院提出": an agency refers a debtor's objection to one of its
/// measures to the courts of the debtor's cases in force; each court lists the objections it must take up (by starting
/// verification, 信息核实期间暂不执行) and is held to 3 days (step <c>objection</c> of <c>GET /v1/court/overdue</c>).
/// </summary>
public static class ObjectionsApi
{
    public const int MaxReason = 2000;
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10_000;

    public static IEndpointRouteBuilder MapObjectionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/objections", ReferAsync).RequireCaller(CallerRole.Agency).WithTags("Agency")
            .AcceptsJson<ObjectionBody>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ReferObjection").WithSummary("Refers a debtor's objection to a measure the agency holds to the courts of the debtor's cases in force.");
        app.MapGet("/v1/court/objections", ListAsync).RequireCaller(CallerRole.Court).WithTags("Court")
            .WithName("GetObjections").WithSummary("The objections referred to the calling court, oldest first; verification_started takes them up.");
        return app;
    }

    /// <summary>
    /// A debtor's objection to a measure the agency holds (403 otherwise), referred to the courts of the debtor's cases in force
    /// (409 when there is none).
    /// </summary>
    public sealed record ObjectionBody
    {
        /// <summary>The debtor objecting.</summary>
        [Required]
        public required SubjectBody Subject { get; init; }

        /// <summary>The measure's code in the catalogue.</summary>
        [Required]
        [MaxLength(64)]
        public required string Measure { get; init; }

        /// <summary>The debtor's grounds.</summary>
        [Required]
        [MaxLength(MaxReason)]
        public required string Reason { get; init; }
    }

    public sealed record CaseDto(string CaseNumber, string Court);

    public sealed record ReferredDto(string Id, IReadOnlyList<CaseDto> Cases);

    public sealed record ItemDto(string Id, string CaseNumber, string Agency, string Measure, string Reason, DateTimeOffset ReceivedAt, string Status, DateOnly? TakenUpOn);

    public sealed record ListDto(IReadOnlyList<ItemDto> Items);

    private static async Task<Results<Created<ReferredDto>, ValidationProblem, ProblemHttpResult>> ReferAsync(
        RequestBody<ObjectionBody> request, HttpContext http, IGrainFactory grains, SubjectKeys keys, LocalIndexReplica replica, TimeProvider time, AuditLog audit)
    {
        var (body, errors) = request;
        var subject = body.Subject?.ToSubject("subject", body.Subject.Name, time.Today(), errors);
        var measure = body.Measure;
        if (!errors.Has("measure") && !MeasureCatalogue.TryGet(measure, out _))
        {
            errors.Add("measure", "is not a measure code of the catalogue (GET /v1/catalogue)");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var caller = http.Caller();
        if (!caller.Measures.Contains(measure))
        {
            return Problems.Forbidden($"The agency does not hold measure {measure}.");
        }

        // A subject no court ever named has no case to object in: the index answers that without activating its grain.
        var (key, hash) = keys.ForWithHash(subject!.IdType, subject.IdNumber);
        var objection = new Objection(Guid.NewGuid().ToString("N"), caller.Code, measure, body.Reason, time.GetUtcNow(), time.Today());
        var cases = (await RestrictedIndex.ContainsAsync(grains, replica, [hash]))[0]
            ? await grains.GetGrain<ISubjectGrain>(key).ReferObjectionAsync(objection)
            : [];
        if (cases.IsEmpty)
        {
            return Problems.Conflict("The subject has no listing in force: an objection goes to the court of a case in force.");
        }

        var referred = new ReferredDto(objection.Id, [.. cases.Select(c => new CaseDto(c.CaseNumber, c.Court))]);
        await audit.RecordAsync("agency", caller.Code, "objection_referred", $"objection:{referred.Id}", new { measure, cases = referred.Cases });
        return TypedResults.Created((string?)null, referred);
    }

    private static async Task<Results<Ok<ListDto>, ValidationProblem>> ListAsync(HttpContext http, ObjectionStore store, string? status, string? limit)
    {
        var errors = new ValidationErrors();
        var max = QueryParameters.Int(limit, "limit", 1, MaxLimit, DefaultLimit, errors);
        if (status is not (null or "all" or ObjectionDto.Open))
        {
            errors.Add("status", "must be open or all");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var items = await store.ListAsync(http.Caller().Code, status == ObjectionDto.Open, max, http.RequestAborted);
        return TypedResults.Ok(new ListDto([.. items.Select(o => new ItemDto(
            o.Id, o.CaseNumber, o.Agency, o.Measure, o.Reason, o.ReceivedAt, o.TakenUpOn is null ? ObjectionDto.Open : ObjectionDto.TakenUp, o.TakenUpOn))]));
    }
}
