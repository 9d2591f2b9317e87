using JointPunishment.Grains.Domain.Decisions;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Unit.Tests.Decisions;

/// <summary>
/// 二(七)1 / DOMAIN.md: soft sleeper on any train; every seat on G; first class and above (first, business, premium) on
/// other EMU trains — D and C by letter, or whichever trains the railway says are EMUs.
/// </summary>
public sealed class RailRulesTests
{
    private static readonly string[] FirstClassAndAbove = ["first", "business", "premium"];

    private static readonly string[] SoftSleepers = ["soft_sleeper", "deluxe_soft_sleeper", "emu_sleeper"];

    public static TheoryData<string> EverySeatClass => new(RailRules.SeatClasses.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(EverySeatClass))]
    public void Restricts_GTrain_EverySeatClassBlocked(string seat)
    {
        Assert.True(RailRules.Restricts("G123", seat));
        Assert.True(RailRules.Restricts("G1", seat));
        Assert.True(RailRules.Restricts("g9999", seat));
    }

    [Theory]
    [MemberData(nameof(EverySeatClass))]
    public void Restricts_DAndCTrains_OnlyFirstClassAndAboveAndSoftSleepersBlocked(string seat)
    {
        var expected = FirstClassAndAbove.Contains(seat) || SoftSleepers.Contains(seat);

        Assert.Equal(expected, RailRules.Restricts("D5", seat));
        Assert.Equal(expected, RailRules.Restricts("C7001", seat));
        Assert.Equal(expected, RailRules.Restricts("d5", seat));
        Assert.Equal(expected, RailRules.Restricts("c7001", seat));
    }

    [Theory]
    [InlineData("D5", "first", true)]
    [InlineData("D5", "business", true)]
    [InlineData("D5", "premium", true)]
    [InlineData("D5", "soft_sleeper", true)]
    [InlineData("D5", "emu_sleeper", true)]
    [InlineData("D5", "second", false)]
    [InlineData("D5", "no_seat", false)]
    [InlineData("C7001", "first", true)]
    [InlineData("C7001", "business", true)]
    [InlineData("C7001", "premium", true)]
    [InlineData("C7001", "second", false)]
    [InlineData("C7001", "no_seat", false)]
    [InlineData("K1234", "hard_seat", false)]
    [InlineData("K1234", "hard_sleeper", false)]
    [InlineData("K1234", "soft_sleeper", true)]
    [InlineData("K1234", "deluxe_soft_sleeper", true)]
    [InlineData("T9", "hard_seat", false)]
    [InlineData("T9", "hard_sleeper", false)]
    [InlineData("T9", "soft_sleeper", true)]
    [InlineData("Z1", "hard_seat", false)]
    [InlineData("Z1", "hard_sleeper", false)]
    [InlineData("Z1", "soft_sleeper", true)]
    [InlineData("Z1", "deluxe_soft_sleeper", true)]
    public void Restricts_NamedTickets_AsDomainText(string train, string seat, bool blocked)
    {
        Assert.Equal(blocked, RailRules.Restricts(train, seat));
    }

    [Theory]
    [InlineData("K")]
    [InlineData("T")]
    [InlineData("Z")]
    [InlineData("k")]
    [InlineData("t")]
    [InlineData("z")]
    public void Restricts_OrdinaryTrain_HardSeatAndHardSleeperAllowedSoftSleeperBlocked(string letter)
    {
        var train = letter + "1234";

        Assert.False(RailRules.Restricts(train, "hard_seat"));
        Assert.False(RailRules.Restricts(train, "hard_sleeper"));
        Assert.False(RailRules.Restricts(train, "no_seat"));
        Assert.True(RailRules.Restricts(train, "soft_sleeper"));
        Assert.True(RailRules.Restricts(train, "deluxe_soft_sleeper"));
    }

    [Theory]
    [InlineData("1461")]
    [InlineData("7")]
    [InlineData("4")]
    public void Restricts_DigitOnlyTrain_OnlySoftSleeperBlocked(string train)
    {
        Assert.False(RailRules.Restricts(train, "hard_seat"));
        Assert.False(RailRules.Restricts(train, "hard_sleeper"));
        Assert.False(RailRules.Restricts(train, "no_seat"));
        Assert.True(RailRules.Restricts(train, "soft_sleeper"));
        Assert.True(RailRules.Restricts(train, "deluxe_soft_sleeper"));
    }

    [Theory]
    [InlineData("g123", "second", true)]
    [InlineData("g123", "hard_seat", true)]
    [InlineData("d5", "first", true)]
    [InlineData("d5", "second", false)]
    [InlineData("c7001", "premium", true)]
    [InlineData("c7001", "second", false)]
    [InlineData("k1234", "hard_seat", false)]
    [InlineData("k1234", "soft_sleeper", true)]
    public void Restricts_LowerCaseTrainLetter_SameAsUpperCase(string train, string seat, bool blocked)
    {
        Assert.Equal(blocked, RailRules.Restricts(train, seat));
        Assert.Equal(blocked, RailRules.Restricts(train.ToUpperInvariant(), seat));
    }

    [Theory]
    [MemberData(nameof(EverySeatClass))]
    public void Restricts_AnySoftSleeper_BlockedOnEveryTrainKind(string seat)
    {
        if (!SoftSleepers.Contains(seat))
        {
            return;
        }

        Assert.All(new[] { "G1", "D1", "C1", "K1", "T1", "Z1", "S1", "Y1", "L1", "1461" }, train => Assert.True(RailRules.Restricts(train, seat), train));
    }

    [Fact]
    public void SeatClasses_ContainsTheClassesTheRulesName()
    {
        string[] named = ["second", "first", "business", "premium", "soft_sleeper", "hard_sleeper", "hard_seat", "no_seat", "soft_seat", "deluxe_soft_sleeper", "emu_sleeper"];

        Assert.All(named, seat => Assert.True(RailRules.SeatClasses.Contains(seat), seat));
        Assert.Equal(named.Length, RailRules.SeatClasses.Count);
    }

    [Theory]
    [InlineData("G123")]
    [InlineData("D5")]
    [InlineData("C7001")]
    [InlineData("K1234")]
    [InlineData("1461")]
    [InlineData("T9")]
    [InlineData("Z1")]
    [InlineData("S101")]
    [InlineData("Y1")]
    [InlineData("L9999")]
    [InlineData("g123")]
    [InlineData("d5")]
    [InlineData("1")]
    [InlineData("9999")]
    public void IsValidTrainNumber_ClassLetterAndOneToFourDigits_Accepted(string train)
    {
        Assert.True(RailRules.IsValidTrainNumber(train));
    }

    [Theory]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("GG12")]
    [InlineData("G12345")]
    [InlineData("X12")]
    [InlineData("12345")]
    [InlineData(" G123")]
    [InlineData("G123 ")]
    [InlineData("G-123")]
    [InlineData("G12a")]
    [InlineData("123G")]
    [InlineData("Ｇ123")]
    [InlineData("G１２３")]
    public void IsValidTrainNumber_Malformed_Rejected(string train)
    {
        Assert.False(RailRules.IsValidTrainNumber(train));
    }

    [Fact]
    public void IsValidTrainNumber_TrailingNewline_Rejected()
    {
        Assert.False(RailRules.IsValidTrainNumber("G123\n"));
    }

    [Theory]
    [InlineData("G123", TrainType.Emu)]
    [InlineData("g1", TrainType.Emu)]
    [InlineData("D5", TrainType.Emu)]
    [InlineData("C7001", TrainType.Emu)]
    [InlineData("c7001", TrainType.Emu)]
    [InlineData("K1234", TrainType.Conventional)]
    [InlineData("T9", TrainType.Conventional)]
    [InlineData("Z1", TrainType.Conventional)]
    [InlineData("S101", TrainType.Conventional)]
    [InlineData("Y1", TrainType.Conventional)]
    [InlineData("L9999", TrainType.Conventional)]
    [InlineData("1461", TrainType.Conventional)]
    public void TrainTypeOf_NoStatedType_GDAndCAreEmusTheOthersConventional(string train, TrainType expected)
    {
        Assert.Equal(expected, RailRules.TrainTypeOf(train));
    }

    [Theory]
    [MemberData(nameof(EverySeatClass))]
    public void Restricts_OtherLetterStatedEmu_FirstClassAndAboveAndSoftSleepersBlocked(string seat)
    {
        // 其他动车组列车一等以上座位: an S (suburban) or Y train run with EMU stock is an EMU, whatever its letter.
        var expected = FirstClassAndAbove.Contains(seat) || SoftSleepers.Contains(seat);

        Assert.Equal(expected, RailRules.Restricts("S101", seat, TrainType.Emu));
        Assert.Equal(expected, RailRules.Restricts("Y1", seat, TrainType.Emu));
        Assert.Equal(expected, RailRules.Restricts("K1234", seat, TrainType.Emu));
        Assert.Equal(expected, RailRules.Restricts("1461", seat, TrainType.Emu));
    }

    [Theory]
    [MemberData(nameof(EverySeatClass))]
    public void Restricts_DOrCStatedConventional_OnlySoftSleepersBlocked(string seat)
    {
        var expected = SoftSleepers.Contains(seat);

        Assert.Equal(expected, RailRules.Restricts("D5", seat, TrainType.Conventional));
        Assert.Equal(expected, RailRules.Restricts("C7001", seat, TrainType.Conventional));
    }

    [Theory]
    [MemberData(nameof(EverySeatClass))]
    public void Restricts_GTrainWhateverTheStatedType_EverySeatBlocked(string seat)
    {
        // G字头动车组列车全部座位: the letter alone decides a G train.
        Assert.True(RailRules.Restricts("G123", seat, TrainType.Conventional));
        Assert.True(RailRules.Restricts("G123", seat, TrainType.Emu));
        Assert.True(RailRules.Restricts("G123", seat, null));
    }

    [Theory]
    [InlineData("D5", "first", null, true)]
    [InlineData("D5", "first", TrainType.Emu, true)]
    [InlineData("D5", "first", TrainType.Conventional, false)]
    [InlineData("S101", "first", null, false)]
    [InlineData("S101", "first", TrainType.Emu, true)]
    [InlineData("S101", "second", TrainType.Emu, false)]
    [InlineData("K1234", "soft_sleeper", TrainType.Conventional, true)]
    [InlineData("G1", "second", TrainType.Conventional, true)]
    public void Restricts_RailAction_SameAsItsParts(string train, string seat, TrainType? type, bool blocked)
    {
        Assert.Equal(blocked, RailRules.Restricts(new RailAction(train, seat) { TrainType = type }));
        Assert.Equal(blocked, RailRules.Restricts(train, seat, type));
    }

    [Fact]
    public void InvalidField_ValidTickets_Null()
    {
        Assert.Null(RailRules.InvalidField(new RailAction("G123", "second")));
        Assert.Null(RailRules.InvalidField(new RailAction("S1", "first") { TrainType = TrainType.Emu }));
        Assert.Null(RailRules.InvalidField(new RailAction("D5", "first") { TrainType = TrainType.Conventional }));
    }

    [Fact]
    public void InvalidField_EachBadPart_NamesItsWireField()
    {
        Assert.Equal("trainNumber", RailRules.InvalidField(new RailAction("X12", "second")));
        Assert.Equal("trainNumber", RailRules.InvalidField(new RailAction(null!, "second")));
        Assert.Equal("seatClass", RailRules.InvalidField(new RailAction("G1", "cabin")));
        Assert.Equal("seatClass", RailRules.InvalidField(new RailAction("G1", null!)));
        Assert.Equal("trainType", RailRules.InvalidField(new RailAction("G1", "second") { TrainType = (TrainType)0 }));
        Assert.Equal("trainType", RailRules.InvalidField(new RailAction("G1", "second") { TrainType = (TrainType)3 }));
    }

    [Fact]
    public void InvalidFields_NamesEveryBadPart_InWireOrder_WithoutRepeatingTheInput()
    {
        var invalid = RailRules.InvalidFields(new RailAction("X12", "cabin") { TrainType = (TrainType)3 }).ToArray();

        Assert.Equal(["trainNumber", "seatClass", "trainType"], invalid.Select(e => e.Field));
        Assert.All(invalid, e => Assert.DoesNotContain("X12", e.Message, StringComparison.Ordinal));
        Assert.Empty(RailRules.InvalidFields(new RailAction("G1", "second")));
    }

    [Fact]
    public void Normalise_UpperCasesTheTrainNumber_AndKeepsAValidTicketAsItIs()
    {
        var lower = new RailAction("g1", "second") { TrainType = TrainType.Emu };
        var upper = new RailAction("G1", "second");

        Assert.Equal(new RailAction("G1", "second") { TrainType = TrainType.Emu }, RailRules.Normalise(lower));
        Assert.Same(upper, RailRules.Normalise(upper));
    }
}
