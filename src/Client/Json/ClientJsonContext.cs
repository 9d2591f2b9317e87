using System.Text.Json;
using System.Text.Json.Serialization;
using JointPunishment.Client.Http;

namespace JointPunishment.Client.Json;

/// <summary>Source-generated JSON for every body the client sends and reads: no reflection, so trimmed and AOT apps work.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CheckRequest))]
[JsonSerializable(typeof(CheckResult))]
[JsonSerializable(typeof(BatchCheckBody))]
[JsonSerializable(typeof(BatchCheckResponse))]
[JsonSerializable(typeof(FeedbackBody))]
[JsonSerializable(typeof(ObjectionBody))]
[JsonSerializable(typeof(ObjectionReferral))]
[JsonSerializable(typeof(CreditRepairBody))]
[JsonSerializable(typeof(CreditRepairRecord))]
[JsonSerializable(typeof(WatchlistBody))]
[JsonSerializable(typeof(WatchlistChange))]
[JsonSerializable(typeof(AlertPage))]
[JsonSerializable(typeof(WebhookBody))]
[JsonSerializable(typeof(AssistancePage))]
[JsonSerializable(typeof(AssistanceRequest))]
[JsonSerializable(typeof(AssistanceAnswer))]
[JsonSerializable(typeof(ProblemDocument))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
