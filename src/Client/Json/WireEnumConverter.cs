using System.Text.Json;
using System.Text.Json.Serialization;

namespace JointPunishment.Client.Json;

/// <summary>Enums travel as their snake_case names (<c>strict_review</c>, <c>legal_representative</c>), never as numbers; trimming and AOT safe.</summary>
internal sealed class WireEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
