using System.Collections.Frozen;
using System.Text.RegularExpressions;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Wire;

namespace JointPunishment.Grains.Domain.Decisions;

/// <summary>
/// 二(七)1: a listed person may not take 列车软卧 (a soft sleeper on any train), G字头动车组列车全部座位 (any seat on a
/// G train), or 其他动车组列车一等以上座位 (first class and above — first, business, premium — on any other EMU train).
/// Hard seats and hard sleepers on conventional trains, and second class on EMUs other than G, stay allowed.
/// Which trains are EMUs the railway may say (<see cref="RailAction.TrainType"/>); otherwise the letter decides
/// (<see cref="TrainTypeOf"/>).
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

    /// <summary>
    /// The field of <paramref name="action"/> the rules cannot judge (<c>trainNumber</c>, <c>seatClass</c> or
    /// <c>trainType</c>, the wire names), or null when it is valid.
    /// </summary>
    public static string? InvalidField(RailAction action) => InvalidFields(action).FirstOrDefault().Field;

    /// <summary>
    /// Every field of <paramref name="action"/> the rules cannot judge, in wire order, with a message that follows the
    /// field's name and never repeats the input; empty when the ticket is valid. A train number is judged as
    /// <see cref="Normalise"/> leaves it.
    /// </summary>
    public static IEnumerable<(string Field, string Message)> InvalidFields(RailAction action)
    {
        if (action.TrainNumber is null || !IsValidTrainNumber(action.TrainNumber))
        {
            yield return ("trainNumber", "must be a train number such as G123, D5, K1234");
        }

        if (action.SeatClass is null || !SeatClasses.Contains(action.SeatClass))
        {
            yield return ("seatClass", WireNames.MustBeOneOf(SeatClasses.Order(StringComparer.Ordinal)));
        }

        if (action.TrainType is { } type && !Enum.IsDefined(type))
        {
            yield return ("trainType", WireNames.MustBeOneOf(WireNames.All<TrainType>()));
        }
    }

    /// <summary>The ticket as the rules read it: the train number upper-cased (<c>g123</c> is G123).</summary>
    public static RailAction Normalise(RailAction action) =>
        action.TrainNumber is { } train && train.ToUpperInvariant() is var upper && !string.Equals(upper, train, StringComparison.Ordinal)
            ? action with { TrainNumber = upper }
            : action;

    /// <summary>
    /// The train type a railway did not state, by letter: G (高速), D (动车) and C (城际) trains are EMUs; K, T, Z, S,
    /// Y, L and numbers without a letter are conventional.
    /// </summary>
    public static TrainType TrainTypeOf(string trainNumber) =>
        char.ToUpperInvariant(trainNumber[0]) is 'G' or 'D' or 'C' ? TrainType.Emu : TrainType.Conventional;

    /// <summary>Whether <c>consumption.rail</c> forbids this ticket. The action must be valid (<see cref="InvalidField"/>).</summary>
    public static bool Restricts(RailAction action) => Restricts(action.TrainNumber, action.SeatClass, action.TrainType);

    /// <summary>
    /// Whether <c>consumption.rail</c> forbids this ticket: any soft sleeper; every seat on a G train; first class and
    /// above on any other EMU (<paramref name="trainType"/>, else <see cref="TrainTypeOf"/>). Inputs must be valid.
    /// </summary>
    public static bool Restricts(string trainNumber, string seatClass, TrainType? trainType = null)
    {
        if (SoftSleepers.Contains(seatClass))
        {
            return true;
        }

        if (char.ToUpperInvariant(trainNumber[0]) == 'G')
        {
            return true;
        }

        return (trainType ?? TrainTypeOf(trainNumber)) == TrainType.Emu && FirstClassAndAbove.Contains(seatClass);
    }

    [GeneratedRegex(@"^[GDCZTKSYLgdcztksyl]?[0-9]{1,4}\z")]
    private static partial Regex TrainNumberPattern();
}
