using System.Text.Json.Serialization;

namespace JointPunishment.Client;

/// <summary>A case a measure rests on.</summary>
/// <param name="CaseNumber">The case number, such as <c>(2026)京01执100号</c>.</param>
/// <param name="Court">The listing court's code.</param>
/// <param name="As">How the checked subject (or a related person) stands in the case.</param>
public sealed record Basis(string CaseNumber, string Court, [property: JsonPropertyName("as")] BasisRole As);
