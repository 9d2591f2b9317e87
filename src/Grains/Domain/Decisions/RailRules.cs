using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace JointPunishment.Grains.Domain.Decisions;

/// <summary>
/// 二(七)1: a listed person may not take a soft sleeper on any train, any seat on a G train, or first class
/// and above on other EMU trains (D, C). Hard seats and hard sleepers on ordinary trains stay allowed.
/// </summary>
public static partial class RailRules
{
    /// <summary>Seat classes a railway may name; wire names.</summary>
    public static readonly FrozenSet<string> SeatClasses = new[]
    {
        "no_seat", "hard_seat", "soft_seat", "hard_sleeper", "soft_sleeper", "deluxe_soft_sleeper",
        "emu_sleeper", "second", "first", "premium", "business",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> FirstClassAndAbove = new[] { "first", "premium", "business" }.ToFrozenSet(StringComparer.Ordinal);

    // Soft sleepers in every form: ordinary, deluxe (高级软卧) and the EMU sleeper (动卧), which is sold as a soft sleeper.
    private static readonly FrozenSet<string> SoftSleepers = new[] { "soft_sleeper", "deluxe_soft_sleeper", "emu_sleeper" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>A train number: an optional class letter and 1–4 digits (G123, D5, C7001, K1234, 1461).</summary>
    public static bool IsValidTrainNumber(string trainNumber) => TrainNumberPattern().IsMatch(trainNumber);

    /// <summary>Whether <c>consumption.rail</c> forbids this ticket. Inputs must be valid (see <see cref="IsValidTrainNumber"/>, <see cref="SeatClasses"/>).</summary>
    public static bool Restricts(string trainNumber, string seatClass)
    {
        if (SoftSleepers.Contains(seatClass))
        {
            return true;
        }

        return char.ToUpperInvariant(trainNumber[0]) switch
        {
            'G' => true,
            'D' or 'C' => FirstClassAndAbove.Contains(seatClass),
            _ => false,
        };
    }

    [GeneratedRegex(@"^[GDCZTKSYLgdcztksyl]?[0-9]{1,4}\z")]
    private static partial Regex TrainNumberPattern();
}
