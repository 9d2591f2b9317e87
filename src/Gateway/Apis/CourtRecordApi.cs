using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Domain.Deadlines;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;
using JointPunishment.Storage.CourtRecords;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// 四(二)9 (courts are held to account): how many listings a court made, how many of them lacked the risk notice
/// 四(二)3 requires before listing, and its steps past their deadline, counted by step (CONTRACT.md "Due process").
/// </summary>
public static class CourtRecordApi
{
    /// <summary>The steps CONTRACT.md names; each is in the answer (0 when nothing is overdue, or the kind is not tracked yet).</summary>
    private static readonly string[] ContractSteps = ["correction_review", "delisting", "reconsideration", "objection"];

    public static RouteGroupBuilder MapCourtRecordApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/courts/{code}").WithTags("Accountability");
        group.MapGet("/record", GetRecordAsync).RequireCaller(CallerRole.Operator, CallerRole.Court)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetCourtRecord").WithSummary("A court's listings, those made without a risk notice, and its overdue steps by step (operator, or the court itself).");
        return group;
    }

    public sealed record CourtRecordDto(string Court, long Listings, long RiskNoticeMissing, IReadOnlyDictionary<string, long> Overdue);

    private static async Task<Results<Ok<CourtRecordDto>, ProblemHttpResult>> GetRecordAsync(string code, HttpContext http, IGrainFactory grains, CourtRecordStore store, TimeProvider time)
    {
        var caller = http.Caller();
        if (caller.Role == CallerRole.Court && caller.Code != code)
        {
            return Problems.Forbidden("A court may read only its own record.");
        }

        if (!await RegisteredPrincipals.ExistsAsync<ICourtGrain>(grains, code, GrainKeys.Court))
        {
            return Problems.NotFound($"No court is registered with code '{code}'.");
        }

        var record = await store.ReadAsync(code, time.Today(), http.RequestAborted);
        return TypedResults.Ok(new CourtRecordDto(code, record.Listings, record.RiskNoticeMissing, OverdueByStep(record.Overdue)));
    }

    /// <summary>Every step by its wire name (the names GET /v1/court/overdue uses): a step kind added to <see cref="DueStepKind"/> appears by itself.</summary>
    private static Dictionary<string, long> OverdueByStep(IReadOnlyDictionary<DueStepKind, long> counts)
    {
        var byName = ContractSteps.Concat(Enum.GetValues<DueStepKind>().Select(WireNames.Of))
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(name => name, _ => 0L, StringComparer.Ordinal);
        foreach (var (kind, count) in counts.Where(c => Enum.IsDefined(c.Key)))
        {
            byName[WireNames.Of(kind)] = count;
        }

        return byName;
    }
}
