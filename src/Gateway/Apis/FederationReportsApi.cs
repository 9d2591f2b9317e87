using System.Collections.Frozen;
using System.Globalization;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.Validation;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Federation;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Wire.Records;
using JointPunishment.Grains.Wire;
using JointPunishment.Storage.Federation;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// <c>POST /v1/federation/reports</c> (CONTRACT.md "Following the national list"; 五, last paragraph: 及时反馈惩戒情况):
/// a downstream node (a <c>node</c> consumer) reports its agencies' hits on this node's cases and their feedback, which
/// <c>GET /v1/stats</c> here counts under <c>{node}/{agency}</c>. A report names the check by its id, never the person.
/// All or nothing: one invalid report and the request is refused, naming the field, with nothing stored. A report sent
/// again counts nothing twice (one row per node and check; the first outcome binds).
/// </summary>
public static class FederationReportsApi
{
    public const int MaxReports = 1000;
    public const int MaxCases = 100;

    private static readonly FrozenDictionary<string, Decision> Hits = WireNames.Parser<Decision>().Where(d => d.Value != Decision.Allow).ToFrozenDictionary(StringComparer.Ordinal);
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How many reports the request held, and how many counted for the first time (a report sent again counts nothing).</summary>
    public sealed record ReportsResponse(int Received, int Recorded);

    /// <summary>A downstream node's reports of its agencies' hits on this node's cases, 1 to 1,000; all or nothing.</summary>
    public sealed record ReportsBody
    {
        /// <summary>The reports, one per check (a hit and its feedback may come together).</summary>
        [Required]
        [MinLength(1)]
        [MaxLength(MaxReports)]
        public required IReadOnlyList<ReportBody> Reports { get; init; }
    }

    /// <summary>One check of a downstream agency answered other than <c>allow</c> on this node's cases; never the person.</summary>
    public sealed record ReportBody
    {
        /// <summary>
        /// The check's id at the downstream node, a UUID: one report counts once per node and check. Text, read by the
        /// handler, so that a malformed id is reported with the report's other faults.
        /// </summary>
        [Required]
        [MaxLength(64)]
        [WireFormat("uuid")]
        public required string CheckId { get; init; }

        /// <summary>The downstream agency's code; counted here as <c>{node}/{agency}</c>.</summary>
        [Required]
        [RegularExpression(ApiKey.CodeExpression, "must be an agency code")]
        public required string Agency { get; init; }

        /// <summary>The measure checked, a code of the catalogue.</summary>
        [Required]
        [MaxLength(64)]
        public required string Measure { get; init; }

        /// <summary>The decision the check answered.</summary>
        [Required]
        [AllowedValues("flag", "limit", "review", "block")]
        public required string Decision { get; init; }

        /// <summary>
        /// When the check was made (ISO 8601, UTC unless it says otherwise; not before 2000 nor in the future). Text, read
        /// by the handler, so that a malformed time is reported with the report's other faults.
        /// </summary>
        [Required]
        [MaxLength(40)]
        [WireFormat("date-time")]
        public required string CheckedAt { get; init; }

        /// <summary>This node's cases the decision rested on, 1 to 100.</summary>
        [Required]
        [MinLength(1)]
        [MaxLength(MaxCases)]
        public required IReadOnlyList<ReportCaseBody> Cases { get; init; }

        /// <summary>The agency's binding feedback on the check, when it gave one.</summary>
        [AllowedValues("refused", "served", "reviewed")]
        public string? Outcome { get; init; }
    }

    /// <summary>One of this node's cases: its court's code here and its case number.</summary>
    public sealed record ReportCaseBody
    {
        /// <summary>The court's code at this node.</summary>
        [Required]
        [MaxLength(200)]
        public required string Court { get; init; }

        /// <summary>The case number.</summary>
        [Required]
        [MaxLength(100)]
        public required string CaseNumber { get; init; }
    }

    public static RouteHandlerBuilder MapFederationReportsApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/federation/reports", PostReportsAsync).RequireCaller(CallerRole.Node).WithTags("Federation")
            .AcceptsJson<ReportsBody>()
            .WithName("PostFederationReports").WithSummary("A downstream node reports its agencies' hits on this node's cases and their feedback; counted in the stats under {node}/{agency}.");

    private static async Task<Results<Ok<ReportsResponse>, ValidationProblem, ProblemHttpResult>> PostReportsAsync(RequestBody<ReportsBody> request, HttpContext http, NodeReportStore store, TimeProvider time)
    {
        var (body, errors) = request;
        var now = time.GetUtcNow();
        List<NodeReport?> reports = errors.Has("reports") ? [] : [.. body.Reports.Select((report, i) => Read(report, $"reports[{i}]", now, errors))];
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        // A hit and its feedback may come in one request: one row per check, the report with the outcome winning.
        var merged = reports.Select(r => r!).GroupBy(r => r.CheckId).Select(g => g.FirstOrDefault(r => r.Outcome is not null) ?? g.First()).ToList();
        var recorded = await store.RecordAsync(http.Caller().Code, merged, now, http.RequestAborted);
        return TypedResults.Ok(new ReportsResponse(reports.Count, recorded));
    }

    /// <summary>The report at <paramref name="path"/> once what binding could not judge is checked; null with its faults in <paramref name="errors"/> otherwise.</summary>
    private static NodeReport? Read(ReportBody? report, string path, DateTimeOffset now, ValidationErrors errors)
    {
        if (report is null)
        {
            errors.Add(path, "must be a report object { checkId, agency, measure, decision, checkedAt, cases, outcome? }");
            return null;
        }

        var before = errors.Count;
        var checkId = Guid.Empty;
        if (!errors.Has($"{path}.checkId") && !Guid.TryParse(report.CheckId, out checkId))
        {
            errors.Add($"{path}.checkId", "must be a check id (a UUID)");
        }

        if (!errors.Has($"{path}.measure") && !MeasureCatalogue.TryGet(report.Measure, out _))
        {
            errors.Add($"{path}.measure", "must be a measure of the catalogue");
        }

        var checkedAt = errors.Has($"{path}.checkedAt") ? null : CheckedAt(report.CheckedAt, $"{path}.checkedAt", now, errors);
        var cases = errors.Has($"{path}.cases") ? null : Cases(report.Cases, $"{path}.cases", errors);
        var outcome = report.Outcome is { } text && !errors.Has($"{path}.outcome") ? FeedbackOutcomes.Parser[text] : (short?)null;
        return errors.Count != before || checkedAt is null || cases is null
            ? null
            : new NodeReport(checkId, report.Agency, report.Measure, Hits[report.Decision], checkedAt.Value, UpstreamCase.ToJson(cases), outcome);
    }

    private static DateTimeOffset? CheckedAt(string text, string path, DateTimeOffset now, ValidationErrors errors)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) || at < Earliest || at > now.AddDays(1))
        {
            errors.Add(path, "must be an ISO 8601 time, not before 2000 nor in the future");
            return null;
        }

        return at.ToUniversalTime();
    }

    /// <summary>The cases the hit rested on, each with this node's code of its court (a registered code, or a code it follows, <c>{node}/{court}</c>).</summary>
    private static List<UpstreamCase>? Cases(IReadOnlyList<ReportCaseBody?> items, string path, ValidationErrors errors)
    {
        var cases = new List<UpstreamCase>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var (court, caseNumber) = ($"{path}[{i}].court", $"{path}[{i}].caseNumber");
            if (items[i] is not { } c)
            {
                errors.Add(court, "is required");
                errors.Add(caseNumber, "is required");
            }
            else if (!errors.Has(court) && !c.Court.Split('/').All(ApiKey.CodePattern().IsMatch))
            {
                errors.Add(court, "must be a court code");
            }
            else if (!errors.Has(court) && !errors.Has(caseNumber))
            {
                cases.Add(new UpstreamCase(c.Court, c.CaseNumber));
            }
        }

        return cases.Count == items.Count ? cases : null;
    }
}
