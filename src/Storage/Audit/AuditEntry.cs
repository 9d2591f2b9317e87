using System.Text.Json;

namespace JointPunishment.Storage.Audit;

/// <summary>One row of <c>jp_audit</c>.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string ActorRole, string ActorCode, string Action, string Target, JsonElement Detail);
