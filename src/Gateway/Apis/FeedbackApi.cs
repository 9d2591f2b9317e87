using System.Collections.Frozen;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.Validation;
using Npgsql;

namespace JointPunishment.Gateway.Apis;

/// <summary>自动反馈: what the agency did on a check. One feedback per check; a later one replaces it.</summary>
public static class FeedbackApi
{
    /// <summary>Check records are written in the background; a check answered a moment ago may not be stored yet.</summary>
    private static readonly TimeSpan WaitForRecord = TimeSpan.FromSeconds(3);

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

    private static async Task<IResult> PostFeedbackAsync(HttpContext http, NpgsqlDataSource dataSource, TimeProvider time)
    {
        var (document, problem) = await RequestBody.ReadAsync(http.Request);
        if (document is null)
        {
            return problem!;
        }

        using var owned = document;
        var errors = new ValidationErrors();
        var body = new JsonFields(document.RootElement, "", errors);
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

        var agency = await FindCheckAgencyAsync(dataSource, checkId, time, http.RequestAborted);
        if (agency is null)
        {
            return Problems.NotFound("No check has this id.");
        }

        if (agency != http.Caller().Code)
        {
            return Problems.Forbidden("This check was made by another agency.");
        }

        await using var command = dataSource.CreateCommand("""
            INSERT INTO jp_feedback (check_id, agency, outcome, received_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (check_id) DO UPDATE SET outcome = excluded.outcome, received_at = excluded.received_at
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = checkId });
        command.Parameters.Add(new NpgsqlParameter { Value = agency });
        command.Parameters.Add(new NpgsqlParameter { Value = outcome!.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        await command.ExecuteNonQueryAsync(http.RequestAborted);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<string?> FindCheckAgencyAsync(NpgsqlDataSource dataSource, Guid checkId, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + WaitForRecord;
        while (true)
        {
            await using var command = dataSource.CreateCommand("SELECT agency FROM jp_check WHERE check_id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = checkId });
            if (await command.ExecuteScalarAsync(cancellationToken) is string agency)
            {
                return agency;
            }

            // A check id of the future (v7 ids carry their time) or one just issued may still be queued.
            if (time.GetUtcNow() >= deadline)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }
}
