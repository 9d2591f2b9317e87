using System.Text.Json;
using System.Text.Json.Serialization;
using JointPunishment.Importer.Http;
using JointPunishment.Importer.State;

namespace JointPunishment.Importer;

/// <summary>Source-generated JSON for everything the importer reads and writes (CONTRACT.md: camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CourtEventsResponse))]
[JsonSerializable(typeof(ProblemDocument))]
[JsonSerializable(typeof(ImportState))]
[JsonSerializable(typeof(ImportSummary))]
public sealed partial class ImporterJsonContext : JsonSerializerContext;
