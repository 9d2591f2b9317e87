using System.Text.Json;
using JointPunishment.Gateway.Apis;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Wire.Records;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace JointPunishment.Gateway.OpenApi;

/// <summary>
/// An example for the main request and response of each tag, written as instances of the records themselves and serialised
/// with the gateway's JSON options, so an example cannot name a field the schema does not have.
/// </summary>
public sealed class WireExamples(IOptions<JsonOptions> json) : IOpenApiSchemaTransformer
{
    private static readonly SubjectBody Person = new() { IdType = "resident_id", IdNumber = "11010519491231002X", Name = "张三" };
    private static readonly NamedSubjectBody Unit = new() { IdType = "uscc", IdNumber = "91350100M000100Y43", Name = "某某贸易有限公司" };
    private const string CaseNumber = "(2026)京01执501号";
    private const string CheckId = "0193a6f2-7c1e-7d3a-9b1f-4e2d8c6a5b01";
    private const string AssistanceId = "6a1f0e2b9c3d4e5f8a7b6c5d4e3f2a1b";
    private static readonly DateTimeOffset At = new(2026, 12, 1, 2, 30, 0, TimeSpan.Zero);

    private static readonly AssistanceDto Assistance = new(
        AssistanceId, CaseNumber, "bj01", "bank-001", "freeze", new SubjectDto(Person.IdType, Person.IdNumber, Person.Name!),
        "冻结被执行人名下存款人民币 1,200,000 元", At, new DateOnly(2026, 12, 8), AssistanceDto.Answered,
        new AssistanceAnswerDto("done", "已冻结人民币 1,200,000 元", At.AddDays(2)));

    private static readonly Dictionary<Type, object> Examples = new()
    {
        [typeof(ChecksApi.CheckBody)] = new ChecksApi.CheckBody
        {
            Measure = "consumption.rail",
            Subject = Person,
            Action = new ChecksApi.RailActionBody { TrainNumber = "G123", SeatClass = "business" },
        },
        [typeof(CheckResponse)] = new CheckResponse(
            CheckId, "block", [new AppliedMeasureDto("consumption.rail", "prohibit", [new BasisDto(CaseNumber, "bj01", "debtor")])]),
        [typeof(ChecksApi.CheckBatchBody)] = new ChecksApi.CheckBatchBody
        {
            Measure = "finance.bond_interbank",
            Subjects = [Person, new SubjectBody { IdType = "uscc", IdNumber = "91350100M000100Y43" }],
        },
        [typeof(ChecksApi.BatchCheckResponse)] = new ChecksApi.BatchCheckResponse(
        [
            new(CheckId, "review", [new AppliedMeasureDto("finance.bond_interbank", "strict_review", [new BasisDto(CaseNumber, "bj01", "debtor")])], null, null),
            new(null, null, null, null, "subjects[1].idNumber: check character does not match"),
        ]),
        [typeof(FeedbackApi.FeedbackBody)] = new FeedbackApi.FeedbackBody { CheckId = CheckId, Outcome = "refused" },
        [typeof(CourtApi.CourtEventsBody)] = new CourtApi.CourtEventsBody
        {
            Events =
            [
                new CourtEventBody
                {
                    EventId = "bj01-2026-000501-listed",
                    Type = "listed",
                    CaseNumber = CaseNumber,
                    Subject = Unit,
                    On = new DateOnly(2026, 11, 20),
                    ListedOn = new DateOnly(2026, 11, 20),
                    Public = true,
                    Obligation = "支付货款人民币 1,200,000 元",
                    Officers =
                    [
                        new OfficerBody { Role = "legal_representative", IdType = "resident_id", IdNumber = Person.IdNumber, Name = Person.Name! },
                    ],
                },
                new CourtEventBody
                {
                    EventId = "bj01-2026-000377-shielded", Type = "shielded", CaseNumber = "(2025)京01执377号",
                    Subject = new NamedSubjectBody { IdType = "resident_id", IdNumber = "110105199003071239", Name = "李四" },
                    Reason = "履行完毕",
                },
            ],
        },
        [typeof(WatchlistsApi.WatchlistMembersBody)] = new WatchlistsApi.WatchlistMembersBody
        {
            Measure = "finance.bond_interbank",
            Add = [new WatchlistsApi.WatchlistMemberBody { Ref = "cust-000417", IdType = Person.IdType, IdNumber = Person.IdNumber, Name = Person.Name }],
            Remove = ["cust-000102"],
        },
        [typeof(WatchlistsApi.ChangeDto)] = new WatchlistsApi.ChangeDto(1, 1),
        [typeof(WatchlistsApi.AlertsDto)] = new WatchlistsApi.AlertsDto(
            [new WatchlistsApi.AlertDto(1042, "bond-issuers", "cust-000417", "finance.bond_interbank", "review", "restricted", At)], "1042"),
        [typeof(AssistanceApi.AssistanceRequestBody)] = new AssistanceApi.AssistanceRequestBody
        {
            CaseNumber = CaseNumber,
            Agency = "bank-001",
            Kind = "freeze",
            Subject = new NamedSubjectBody { IdType = Person.IdType, IdNumber = Person.IdNumber, Name = Person.Name! },
            Detail = Assistance.Detail,
        },
        [typeof(AssistanceApi.CreatedDto)] = new AssistanceApi.CreatedDto(AssistanceId, Assistance.DueOn),
        [typeof(AssistanceApi.AssistanceAnswerBody)] = new AssistanceApi.AssistanceAnswerBody { Outcome = "done", Detail = Assistance.Answer!.Detail },
        [typeof(AssistanceDto)] = Assistance,
        [typeof(CourtApi.EventsResponse)] = new CourtApi.EventsResponse(
        [
            new("bj01-2026-000501-listed", "applied", null),
            new("bj01-2026-000377-shielded", "rejected", "shielded: the case was never listed"),
        ]),
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is null && Examples.TryGetValue(context.JsonTypeInfo.Type, out var example))
        {
            schema.Examples = [JsonSerializer.SerializeToNode(example, context.JsonTypeInfo.Type, json.Value.SerializerOptions)!];
        }

        return Task.CompletedTask;
    }
}
