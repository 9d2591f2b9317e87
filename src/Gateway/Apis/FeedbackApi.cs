using System.Collections.Frozen;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.Validation;
using JointPunishment.Grains.Checks;
using Npgsql;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// 自动反馈: what the agency did on a check. The first report on a check binds: it is what the ledger counts, so an
/// agency cannot turn a "served" on a blocked subject (a failure to punish) into a "refused" afterwards. A later report
/// is kept beside it (<c>jp_feedback_report</c>), never over it.
/// </summary>
public static class FeedbackApi
{
    private static readonly FrozenSet<string> Fields = FrozenSet.Create(StringComparer.Ordinal, "checkId", "outcome");

    private static readonly FrozenDictionary<string, short> Outcomes = new Dictionary<string, short>
    {
        ["refused"] = 1,
        ["served"] = 2,
        ["reviewed"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static RouteGroupBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/feedback").WithTags("Checks");
        group.MapPost("/", PostFeedbackAsync).RequireCaller(CallerRole.Agency)
            .WithName("PostFeedback").WithSummary("Reports what the agency did on a check: refused, served or reviewed.");
        return group;
    }

    private static async Task<IResult> PostFeedbackAsync(HttpContext http, NpgsqlDataSource dataSource, CheckIds checkIds, TimeProvider time)
    {
        var (json, problem) = await RequestBody.ReadAsync(http.Request);
        if (json is null)
        {
            return problem!;
        }

        using var owned = json;
        var (body, errors) = (json.Body, json.Errors);
        body.RejectUnknown(Fields);
        var checkIdText = body.String("checkId", required: true, maxLength: 64);
        var outcome = body.Choice("outcome", required: true, Outcomes);
        Guid checkId = default;
        if (checkIdText is not null && !Guid.TryParse(checkIdText, out checkId))
        {
            errors.Add("checkId", "must be a check id returned by /v1/checks");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        // The id itself proves which agency it was issued to and what it decided: no lookup, and allowed checks need no row.
        var agency = http.Caller().Code;
        if (!checkIds.TryVerify(checkId, agency, out var decision, out var checkedAt))
        {
            return Problems.NotFound("This agency was given no check with this id.");
        }

        await using var command = dataSource.CreateCommand("""
            WITH first AS (
                INSERT INTO jp_feedback (check_id, agency, decision, checked_at, outcome, received_at) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (check_id) DO NOTHING
                RETURNING check_id)
            INSERT INTO jp_feedback_report (check_id, agency, outcome, received_at)
            SELECT $1, $2, $5, $6 WHERE NOT EXISTS (SELECT FROM first)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = checkId });
        command.Parameters.Add(new NpgsqlParameter { Value = agency });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)decision });
        command.Parameters.Add(new NpgsqlParameter { Value = checkedAt });
        command.Parameters.Add(new NpgsqlParameter { Value = outcome!.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        await command.ExecuteNonQueryAsync(http.RequestAborted);
        return TypedResults.Accepted((string?)null);
    }
}
