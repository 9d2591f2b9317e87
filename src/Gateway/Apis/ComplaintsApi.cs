using System.Collections.Frozen;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.PublicList;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Keys;
using JointPunishment.Grains.Wire.Records;
using JointPunishment.Storage.Accountability;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// 投诉举报 (四(二)8): anyone may complain that an agency did not apply a measure; the agency investigates and
/// answers; a justified complaint counts as a failure to punish in the agency's ledger (四(四)), and when the
/// subject is on the public list the answer tells the complainant the punishment is now applied (应当及时进行惩戒并告知投诉举报人);
/// for a listing not to be published (依法不宜公开) it says nothing of the kind, since anyone may file a complaint.
/// An unknown <c>agencyCode</c> is a validation problem (400 naming the field), not a 404: the resource addressed
/// is the complaint collection, which exists; the public page shows the message next to the field.
/// </summary>
public static class ComplaintsApi
{
    public const int MaxDescription = 4000;
    public const int MaxResponse = 4000;
    public const int MaxContact = 200;
    public const int MaxListed = 500;

    private static readonly FrozenDictionary<string, ComplaintStatus> Findings = new Dictionary<string, ComplaintStatus>
    {
        ["justified"] = ComplaintStatus.Justified,
        ["unfounded"] = ComplaintStatus.Unfounded,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, ComplaintStatus> Statuses = WireNames.Parser<ComplaintStatus>();

    public static IEndpointRouteBuilder MapComplaintsApi(this IEndpointRouteBuilder app)
    {
        var pub = app.MapGroup("/v1/public/complaints").WithTags("Public");
        pub.MapPost("/", FileAsync).RequirePublicRateLimit(PublicRateLimiting.ComplaintPolicy)
            .AcceptsJson<ComplaintBody>(RequestBody.PublicMaxBytes)
            .WithName("FileComplaint").WithSummary("Files a complaint that an agency did not apply a measure (四(二)8); no key needed.");
        pub.MapGet("/{id}", GetPublicAsync).RequirePublicRateLimit(PublicRateLimiting.Policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetComplaint").WithSummary("Where a complaint stands and the agency's answer.");

        var agency = app.MapGroup("/v1/complaints").WithTags("Accountability");
        agency.MapGet("/", ListAsync).RequireCaller(CallerRole.Agency, CallerRole.Operator)
            .WithName("ListComplaints").WithSummary("Complaints against the calling agency (the operator sees all, or one agency's with `agency`), newest first, by `status` when given.");
        agency.MapGet("/{id}", GetAsync).RequireCaller(CallerRole.Agency, CallerRole.Operator)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetAgencyComplaint").WithSummary("One complaint in full (the operator, or the agency it is against; 404 for any other agency).");
        agency.MapPost("/{id}/resolution", ResolveAsync).RequireCaller(CallerRole.Agency)
            .AcceptsJson<ComplaintResolutionBody>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ResolveComplaint").WithSummary("The agency's finding on a complaint against it: justified or unfounded, with its answer. Once only.");
        return app;
    }

    /// <summary>A complaint that an agency did not apply a measure (四(二)8); a body over 64 KB is 413.</summary>
    public sealed record ComplaintBody
    {
        /// <summary>The code of the agency complained about (<c>GET /v1/public/agencies</c>); an unknown one is 400.</summary>
        [Required]
        [MaxLength(64)]
        public required string AgencyCode { get; init; }

        /// <summary>The listed subject the agency served, when the complainant knows it.</summary>
        public SubjectBody? Subject { get; init; }

        /// <summary>What happened.</summary>
        [Required]
        [MaxLength(MaxDescription)]
        public required string Description { get; init; }

        /// <summary>How to reach the complainant.</summary>
        [MaxLength(MaxContact)]
        public string? Contact { get; init; }
    }

    /// <summary>The agency's finding on a complaint against it, given once.</summary>
    public sealed record ComplaintResolutionBody
    {
        /// <summary><c>justified</c> counts as a failure to punish in the agency's ledger.</summary>
        [Required]
        [AllowedValues("justified", "unfounded")]
        public required string Finding { get; init; }

        /// <summary>The agency's answer to the complainant.</summary>
        [Required]
        [MaxLength(MaxResponse)]
        public required string Response { get; init; }
    }

    /// <summary>The new complaint's id, with which anyone can follow it.</summary>
    public sealed record FiledDto(string Id);

    public sealed record PublicComplaintDto(string Id, string Status, string? Response, bool PunishmentApplied, DateTimeOffset FiledAt, DateTimeOffset? ResolvedAt);

    public sealed record ComplaintSubjectDto(string IdType, string IdNumberMasked, string? Name);

    public sealed record ComplaintDto(
        string Id, string AgencyCode, string Status, ComplaintSubjectDto? Subject, string Description, string? Contact,
        string? Response, bool PunishmentApplied, DateTimeOffset FiledAt, DateTimeOffset? ResolvedAt);

    public sealed record ComplaintListDto(IReadOnlyList<ComplaintDto> Items);

    private static async Task<Results<Created<FiledDto>, ValidationProblem, ProblemHttpResult>> FileAsync(RequestBody<ComplaintBody> request, HttpContext http, IGrainFactory grains, SubjectKeys keys, ComplaintStore store, TimeProvider time)
    {
        var (body, errors) = request;
        var subject = body.Subject?.ToSubject("subject", body.Subject.Name, time.Today(), errors);
        var agencyCode = body.AgencyCode;
        if (!errors.Has("agencyCode") && !await RegisteredAgencies.ExistsAsync(grains, agencyCode))
        {
            errors.Add("agencyCode", "no agency is registered with this code");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var complaint = new Complaint(
            Guid.CreateVersion7(now),
            agencyCode,
            subject is null ? null : keys.For(subject),
            subject is null ? null : IdentityParser.ToWire(subject.IdType),
            subject is null ? null : IdentityMask.Mask(subject.IdType, subject.IdNumber),
            subject?.Name is { Length: > 0 } name ? name : null,
            body.Description,
            body.Contact,
            ComplaintStatus.Open,
            null,
            false,
            now,
            null);
        await store.AddAsync(complaint, http.RequestAborted);
        return TypedResults.Created($"/v1/public/complaints/{complaint.Id}", new FiledDto(complaint.Id.ToString()));
    }

    private static async Task<Results<Ok<PublicComplaintDto>, ProblemHttpResult>> GetPublicAsync(string id, ComplaintStore store, HttpContext http)
    {
        var complaint = Guid.TryParse(id, out var guid) ? await store.GetAsync(guid, http.RequestAborted) : null;
        return complaint is null
            ? Problems.NotFound("No complaint has this id.")
            : TypedResults.Ok(new PublicComplaintDto(
                complaint.Id.ToString(), StatusName(complaint.Status), complaint.Response, complaint.PunishmentApplied, complaint.FiledAt, complaint.ResolvedAt));
    }

    private static async Task<Results<Ok<ComplaintListDto>, ValidationProblem, ProblemHttpResult>> ListAsync(HttpContext http, ComplaintStore store, string? status, string? agency)
    {
        var errors = new ValidationErrors();
        ComplaintStatus? filter = null;
        if (status is not null)
        {
            if (Statuses.TryGetValue(status, out var parsed))
            {
                filter = parsed;
            }
            else
            {
                errors.Add("status", WireNames.MustBeOneOf(WireNames.All<ComplaintStatus>()));
            }
        }

        if (agency is not null && !ApiKey.CodePattern().IsMatch(agency))
        {
            errors.Add("agency", "must be an agency code");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var caller = http.Caller();
        if (caller.Role == CallerRole.Agency && agency is not null && agency != caller.Code)
        {
            return Problems.Forbidden("An agency sees only the complaints against itself.");
        }

        var items = await store.ListAsync(caller.Role == CallerRole.Agency ? caller.Code : agency, filter, MaxListed, http.RequestAborted);
        return TypedResults.Ok(new ComplaintListDto([.. items.Select(Dto)]));
    }

    private static async Task<Results<Ok<ComplaintDto>, ProblemHttpResult>> GetAsync(string id, HttpContext http, ComplaintStore store)
    {
        // Another agency's complaint answers exactly like a missing one, as for the resolution.
        var caller = http.Caller();
        var complaint = Guid.TryParse(id, out var guid) ? await store.GetAsync(guid, http.RequestAborted) : null;
        return complaint is null || (caller.Role == CallerRole.Agency && complaint.Agency != caller.Code)
            ? Problems.NotFound("No complaint with this id is yours to read.")
            : TypedResults.Ok(Dto(complaint));
    }

    private static ComplaintDto Dto(Complaint c) => new(
        c.Id.ToString(), c.Agency, StatusName(c.Status),
        c.SubjectMasked is null ? null : new ComplaintSubjectDto(c.SubjectType!, c.SubjectMasked, c.SubjectName),
        c.Description, c.Contact, c.Response, c.PunishmentApplied, c.FiledAt, c.ResolvedAt);

    private static async Task<Results<Ok<PublicComplaintDto>, ValidationProblem, ProblemHttpResult>> ResolveAsync(RequestBody<ComplaintResolutionBody> request, string id, HttpContext http, IGrainFactory grains, ComplaintStore store, TimeProvider time)
    {
        var (body, errors) = request;
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var finding = Findings[body.Finding];
        var response = body.Response;

        // Another agency's complaint answers exactly like a missing one: its existence is not theirs to learn.
        var agency = http.Caller().Code;
        var complaint = Guid.TryParse(id, out var guid) ? await store.GetAsync(guid, http.RequestAborted) : null;
        if (complaint is null || complaint.Agency != agency)
        {
            return Problems.NotFound("This agency has no complaint with this id.");
        }

        if (complaint.Status != ComplaintStatus.Open)
        {
            return Problems.Conflict("This complaint has already been resolved.");
        }

        var applied = finding == ComplaintStatus.Justified && complaint.SubjectKey is { } key && await IsPubliclyListedAsync(grains, key);
        var outcome = await store.ResolveAsync(guid, agency, finding, response, applied, time.GetUtcNow(), http.RequestAborted);
        return outcome switch
        {
            ComplaintResolution.Resolved => TypedResults.Ok(new PublicComplaintDto(
                complaint.Id.ToString(), StatusName(finding), response, applied, complaint.FiledAt, time.GetUtcNow())),
            ComplaintResolution.AlreadyResolved => Problems.Conflict("This complaint has already been resolved."),
            _ => Problems.NotFound("This agency has no complaint with this id."),
        };
    }


    /// <summary>
    /// Whether the complainant, who is the public, may be told the punishment now applies: only for a subject on the public
    /// list (an active, public listing of its own). A listing not to be published (四(二)2 依法不宜公开) is enforced all the
    /// same, but telling anyone who files a complaint about it would tell the public that this person is listed; nor is
    /// an officer's link to a listed unit published anywhere.
    /// </summary>
    private static async Task<bool> IsPubliclyListedAsync(IGrainFactory grains, string subjectKey) =>
        await grains.GetGrain<ISubjectGrain>(subjectKey).GetViewAsync() is { } view
        && view.Listings.Any(l => l.Status == ListingStatus.Listed && l.Public);

    private static string StatusName(ComplaintStatus status) => WireNames.Of(status);
}
