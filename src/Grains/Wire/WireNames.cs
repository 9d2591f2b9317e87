using System.Collections.Frozen;
using System.Text.Json;

namespace JointPunishment.Grains.Wire;

/// <summary>snake_case wire names of enums (<c>strict_review</c>, <c>legal_representative</c>, <c>risk_notice</c>), both ways.</summary>
public static class WireNames
{
    public static string Of<T>(T value)
        where T : struct, Enum => Names<T>.ToWire[value];

    public static FrozenDictionary<string, T> Parser<T>()
        where T : struct, Enum => Names<T>.FromWire;

    private static class Names<T>
        where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ToWire =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

        public static readonly FrozenDictionary<string, T> FromWire =
            ToWire.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
