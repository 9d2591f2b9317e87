using System.Collections.Frozen;
using System.Globalization;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.Validation;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Federation;
using JointPunishment.Grains.Interfaces.Model;
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

    private static readonly FrozenSet<string> Fields = FrozenSet.Create(StringComparer.Ordinal, "reports");
    private static readonly FrozenSet<string> ReportFields = FrozenSet.Create(StringComparer.Ordinal, "checkId", "agency", "measure", "decision", "checkedAt", "cases", "outcome");
    private static readonly FrozenSet<string> CaseFields = FrozenSet.Create(StringComparer.Ordinal, "court", "caseNumber");
    private static readonly FrozenDictionary<string, Decision> Hits = WireNames.Parser<Decision>().Where(d => d.Value != Decision.Allow).ToFrozenDictionary(StringComparer.Ordinal);
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How many reports the request held, and how many counted for the first time (a report sent again counts nothing).</summary>
    public sealed record ReportsResponse(int Received, int Recorded);

    /// <summary>A downstream node's reports of its agencies' hits on this node's cases, 1 to 1,000; all or nothing.</summary>
    public sealed record ReportsBody
    {
        /// <summary>The reports, one per check (a hit and its feedback may come together).</summary>
        [MinLength(1)]
        [MaxLength(MaxReports)]
        public required IReadOnlyList<ReportBody> Reports { get; init; }
    }

    /// <summary>One check of a downstream agency answered other than <c>allow</c> on this node's cases; never the person.</summary>
    public sealed record ReportBody
    {
        /// <summary>The check's id at the downstream node: one report counts once per node and check.</summary>
        public required Guid CheckId { get; init; }

        /// <summary>The downstream agency's code; counted here as <c>{node}/{agency}</c>.</summary>
        [MaxLength(64)]
        public required string Agency { get; init; }

        /// <summary>The measure checked, a code of the catalogue.</summary>
        [MaxLength(64)]
        public required string Measure { get; init; }

        /// <summary>The decision the check answered.</summary>
        [AllowedValues("flag", "limit", "review", "block")]
        public required string Decision { get; init; }

        /// <summary>When the check was made (ISO 8601; not before 2000 nor in the future).</summary>
        public required DateTimeOffset CheckedAt { get; init; }

        /// <summary>This node's cases the decision rested on, 1 to 100.</summary>
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
        [MaxLength(200)]
        public required string Court { get; init; }

        /// <summary>The case number.</summary>
        [MaxLength(100)]
        public required string CaseNumber { get; init; }
    }

    public static RouteHandlerBuilder MapFederationReportsApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/federation/reports", PostReportsAsync).RequireCaller(CallerRole.Node).WithTags("Federation")
            .AcceptsJson<ReportsBody>()
            .WithName("PostFederationReports").WithSummary("A downstream node reports its agencies' hits on this node's cases and their feedback; counted in the stats under {node}/{agency}.");

    private static async Task<Results<Ok<ReportsResponse>, ValidationProblem, ProblemHttpResult>> PostReportsAsync(HttpContext http, NodeReportStore store, TimeProvider time)
    {
        var (json, problem) = await RequestBody.ReadAsync(http.Request);
        if (json is null)
        {
            return problem!;
        }

        using var owned = json;
        var (body, errors) = (json.Body, json.Errors);
        body.RejectUnknown(Fields);
        var now = time.GetUtcNow();
        var reports = body.Array("reports", required: true, MaxReports)?.Select((item, i) => Read(item, i, now)).ToList();
        if (reports is { Count: 0 })
        {
            errors.Add("reports", "must not be empty");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        // A hit and its feedback may come in one request: one row per check, the report with the outcome winning.
        var merged = reports!.Select(r => r!).GroupBy(r => r.CheckId).Select(g => g.FirstOrDefault(r => r.Outcome is not null) ?? g.First()).ToList();
        var recorded = await store.RecordAsync(http.Caller().Code, merged, now, http.RequestAborted);
        return TypedResults.Ok(new ReportsResponse(reports!.Count, recorded));
    }

    private static NodeReport? Read(JsonFields item, int index, DateTimeOffset now)
    {
        if (!item.IsObject)
        {
            item.Errors.Add($"reports[{index}]", "must be a report object { checkId, agency, measure, decision, checkedAt, cases, outcome? }");
            return null;
        }

        item.RejectUnknown(ReportFields);
        var checkIdText = item.String("checkId", required: true, maxLength: 64);
        Guid checkId = default;
        if (checkIdText is not null && !Guid.TryParse(checkIdText, out checkId))
        {
            item.Errors.Add(item.Path("checkId"), "must be a check id (a UUID)");
        }

        var agency = item.String("agency", required: true, maxLength: 64);
        if (agency is not null && !ApiKey.CodePattern().IsMatch(agency))
        {
            item.Errors.Add(item.Path("agency"), "must be an agency code");
        }

        var measure = item.String("measure", required: true, maxLength: 64);
        if (measure is not null && !MeasureCatalogue.TryGet(measure, out _))
        {
            item.Errors.Add(item.Path("measure"), "must be a measure of the catalogue");
        }

        var decision = item.Choice("decision", required: true, Hits);
        var checkedAt = CheckedAt(item, now);
        var cases = Cases(item);
        var outcome = item.Choice("outcome", required: false, FeedbackOutcomes.Parser);
        return checkIdText is null || agency is null || measure is null || decision is null || checkedAt is null || cases is null
            ? null
            : new NodeReport(checkId, agency, measure, decision.Value, checkedAt.Value, UpstreamCase.ToJson(cases), outcome);
    }

    private static DateTimeOffset? CheckedAt(JsonFields item, DateTimeOffset now)
    {
        var text = item.String("checkedAt", required: true, maxLength: 40);
        if (text is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) || at < Earliest || at > now.AddDays(1))
        {
            item.Errors.Add(item.Path("checkedAt"), "must be an ISO 8601 time, not before 2000 nor in the future");
            return null;
        }

        return at.ToUniversalTime();
    }

    /// <summary>The cases the hit rested on, each with this node's code of its court (a registered code, or a code it follows, <c>{node}/{court}</c>).</summary>
    private static List<UpstreamCase>? Cases(JsonFields item)
    {
        var items = item.Array("cases", required: true, MaxCases);
        if (items is null)
        {
            return null;
        }

        if (items.Count == 0)
        {
            item.Errors.Add(item.Path("cases"), "must name at least one case");
            return null;
        }

        var cases = new List<UpstreamCase>(items.Count);
        foreach (var c in items)
        {
            c.RejectUnknown(CaseFields);
            var court = c.String("court", required: true, maxLength: 200);
            if (court is not null && !court.Split('/').All(ApiKey.CodePattern().IsMatch))
            {
                c.Errors.Add(c.Path("court"), "must be a court code");
                court = null;
            }

            var caseNumber = c.String("caseNumber", required: true, maxLength: 100);
            if (court is not null && caseNumber is not null)
            {
                cases.Add(new UpstreamCase(court, caseNumber));
            }
        }

        return cases.Count == items.Count ? cases : null;
    }
}
