using System.Text.Json.Serialization;

namespace JointPunishment.Gateway.Wire;

public sealed record BasisDto(string CaseNumber, string Court, [property: JsonPropertyName("as")] string As);
