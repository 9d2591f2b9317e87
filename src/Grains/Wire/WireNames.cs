using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;

namespace JointPunishment.Grains.Wire;

/// <summary>snake_case wire names of enums (<c>strict_review</c>, <c>legal_representative</c>, <c>risk_notice</c>), both ways.</summary>
public static class WireNames
{
    public static string Of<T>(T value)
        where T : struct, Enum => Names<T>.ToWire[value];

    public static FrozenDictionary<string, T> Parser<T>()
        where T : struct, Enum => Names<T>.FromWire;

    /// <summary>Every wire name of <typeparamref name="T"/>, in the order of the values.</summary>
    public static ImmutableArray<string> All<T>()
        where T : struct, Enum => Names<T>.InOrder;

    /// <summary>
    /// The wire's words for a value that is not one of <paramref name="allowed"/>: "must be one of: a, b, c". Every
    /// refused choice is worded here, whichever layer refuses it.
    /// </summary>
    public static string MustBeOneOf(IEnumerable<string> allowed) => $"must be one of: {string.Join(", ", allowed)}";

    private static class Names<T>
        where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ToWire =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

        // After ToWire: static fields are initialised in the order they are written.
        public static readonly ImmutableArray<string> InOrder = [.. Enum.GetValues<T>().Select(v => ToWire[v])];

        public static readonly FrozenDictionary<string, T> FromWire =
            ToWire.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
