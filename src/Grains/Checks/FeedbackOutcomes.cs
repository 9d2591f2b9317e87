using System.Collections.Frozen;

namespace JointPunishment.Grains.Checks;

/// <summary>What an agency did on a check (自动反馈, 四(三)): the wire names and the stored values of <c>jp_feedback.outcome</c>.</summary>
public static class FeedbackOutcomes
{
    public const short Refused = 1, Served = 2, Reviewed = 3;

    public static readonly FrozenDictionary<string, short> Parser = new Dictionary<string, short>
    {
        ["refused"] = Refused,
        ["served"] = Served,
        ["reviewed"] = Reviewed,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The wire name of a stored outcome.</summary>
    public static string Name(short outcome) => outcome switch
    {
        Refused => "refused",
        Served => "served",
        Reviewed => "reviewed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "not a feedback outcome"),
    };
}
