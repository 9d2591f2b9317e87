using JointPunishment.Grains.Domain.Decisions;
using JointPunishment.Grains.Domain.Lifecycle;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Unit.Tests.Lifecycle;

/// <summary>Builds the <see cref="CourtEvent"/> values the lifecycle tests feed in: one case, one subject, one court unless told.</summary>
internal static class Ev
{
    public const string Court = "NX0104";
    public const string OtherCourt = "NX0105";
    public const string HigherCourt = "NX00";
    public const string Case = "(2025)宁0104执123号";
    public const string Measure = "consumption.air";
    public const string OtherMeasure = "consumption.rail";

    public static readonly SubjectRef Subject = new(IdType.ResidentId, "11010519491231002X", "张三");

    public static readonly DateOnly ListedOn = new(2025, 3, 1);

    public static CourtEvent Of(CourtEventType type, DateOnly on, string? id = null, string court = Court) =>
        new(id ?? $"{type}-{Guid.NewGuid():N}", type, court, Case, Subject, on);

    public static CourtEvent RiskNotice(DateOnly on) => Of(CourtEventType.RiskNotice, on);

    public static CourtEvent Listed(DateOnly listedOn, bool isPublic = true, string? obligation = "pay 100000 CNY") =>
        Of(CourtEventType.Listed, listedOn) with { ListedOn = listedOn, Public = isPublic, Obligation = obligation };

    public static CourtEvent CorrectionRequested(DateOnly on) => Of(CourtEventType.CorrectionRequested, on);

    public static CourtEvent CorrectionUpheld(DateOnly on) => Of(CourtEventType.CorrectionUpheld, on);

    public static CourtEvent CorrectionDismissed(DateOnly on) => Of(CourtEventType.CorrectionDismissed, on);

    public static CourtEvent VerificationStarted(DateOnly on, string? measure) =>
        Of(CourtEventType.VerificationStarted, on) with { Measure = measure };

    public static CourtEvent VerificationClosed(DateOnly on, VerificationOutcome outcome, string? measure = null) =>
        Of(CourtEventType.VerificationClosed, on) with { Outcome = outcome, Measure = measure };

    public static CourtEvent Shielded(DateOnly on, string? reason = "performed") =>
        Of(CourtEventType.Shielded, on) with { Reason = reason };

    public static CourtEvent Revoked(DateOnly on, string? reason = "terminated") =>
        Of(CourtEventType.Revoked, on) with { Reason = reason };

    public static CourtEvent Retained(DateOnly on, string measure, DateOnly until, string basis = "法律依据第1条") =>
        Of(CourtEventType.Retained, on) with { Measure = measure, Until = until, Basis = basis };

    public static CourtEvent Performed(DateOnly on) => Of(CourtEventType.Performed, on);

    public static CourtEvent ReconsiderationRequested(DateOnly on, string court = Court) =>
        Of(CourtEventType.ReconsiderationRequested, on, court: court);

    public static CourtEvent ReconsiderationDecided(DateOnly on, ReconsiderationOutcome decision, string court = HigherCourt) =>
        Of(CourtEventType.ReconsiderationDecided, on, court: court) with { Decision = decision };
}

public sealed class ListingLifecycleTests
{
    private static readonly DateOnly Day0 = Ev.ListedOn;
    private static readonly DateOnly Until = new(2025, 12, 31);

    private static DateOnly Day(int n) => Day0.AddDays(n);

    /// <summary>Applies every event in order, asserting each one is accepted; returns the last state.</summary>
    private static Listing Run(Listing? start, params CourtEvent[] events)
    {
        var current = start;
        foreach (var e in events)
        {
            var result = ListingLifecycle.Apply(current, e);
            Assert.False(result.IsRejected, $"{e.Type} on {e.On:yyyy-MM-dd} was rejected: {result.Rejection}");
            Assert.NotNull(result.Listing);
            current = result.Listing;
        }

        Assert.NotNull(current);
        return current;
    }

    private static Listing Run(params CourtEvent[] events) => Run(null, events);

    private static Listing ListedCase() => Run(Ev.Listed(Day0));

    private static string AssertRejected(LifecycleResult result)
    {
        Assert.True(result.IsRejected);
        Assert.Null(result.Listing);
        Assert.False(string.IsNullOrWhiteSpace(result.Rejection));
        return result.Rejection!;
    }

    private static Listing AssertAccepted(LifecycleResult result)
    {
        Assert.False(result.IsRejected, result.Rejection);
        Assert.Null(result.Rejection);
        Assert.NotNull(result.Listing);
        return result.Listing;
    }

    // ---------------------------------------------------------------- the transition table

    /// <summary>Named starting states of one case.</summary>
    private static Listing? State(string name) => name switch
    {
        "none" => null,
        "risk_notice" => Run(Ev.RiskNotice(Day0)),
        "listed" => Run(Ev.Listed(Day0)),
        "shielded" => Run(Ev.Listed(Day0), Ev.Shielded(Day(2))),
        "revoked" => Run(Ev.Listed(Day0), Ev.Revoked(Day(2))),
        "revoked_wrongful" => Run(Ev.Listed(Day0), Ev.CorrectionRequested(Day(1)), Ev.CorrectionUpheld(Day(2))),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown state"),
    };

    /// <summary>An otherwise well-formed event of each type, dated within every window.</summary>
    private static CourtEvent WellFormed(CourtEventType type) => type switch
    {
        CourtEventType.RiskNotice => Ev.RiskNotice(Day(4)),
        CourtEventType.Listed => Ev.Listed(Day(4)),
        CourtEventType.CorrectionRequested => Ev.CorrectionRequested(Day(4)),
        CourtEventType.CorrectionUpheld => Ev.CorrectionUpheld(Day(4)),
        CourtEventType.CorrectionDismissed => Ev.CorrectionDismissed(Day(4)),
        CourtEventType.VerificationStarted => Ev.VerificationStarted(Day(4), Ev.Measure),
        CourtEventType.VerificationClosed => Ev.VerificationClosed(Day(4), VerificationOutcome.Confirmed),
        CourtEventType.Shielded => Ev.Shielded(Day(4)),
        CourtEventType.Revoked => Ev.Revoked(Day(4)),
        CourtEventType.Retained => Ev.Retained(Day(4), Ev.Measure, Until),
        CourtEventType.Performed => Ev.Performed(Day(4)),
        CourtEventType.ReconsiderationRequested => Ev.ReconsiderationRequested(Day(4)),
        CourtEventType.ReconsiderationDecided => Ev.ReconsiderationDecided(Day(4), ReconsiderationOutcome.Upheld),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown type"),
    };

    /// <summary>Start state, event type, accepted? Pending-request and open-verification states have their own tests below.</summary>
    public static TheoryData<string, CourtEventType, bool> Transitions => new()
    {
        { "none", CourtEventType.RiskNotice, true },
        { "risk_notice", CourtEventType.RiskNotice, true },
        { "listed", CourtEventType.RiskNotice, false },

        { "none", CourtEventType.Listed, true },
        { "risk_notice", CourtEventType.Listed, true },
        { "listed", CourtEventType.Listed, false },
        { "shielded", CourtEventType.Listed, true },
        { "revoked", CourtEventType.Listed, true },
        { "revoked_wrongful", CourtEventType.Listed, true },

        { "none", CourtEventType.CorrectionRequested, false },
        { "risk_notice", CourtEventType.CorrectionRequested, false },
        { "listed", CourtEventType.CorrectionRequested, true },
        { "shielded", CourtEventType.CorrectionRequested, false },
        { "revoked", CourtEventType.CorrectionRequested, false },
        { "revoked_wrongful", CourtEventType.CorrectionRequested, false },

        { "none", CourtEventType.CorrectionUpheld, false },
        { "risk_notice", CourtEventType.CorrectionUpheld, false },
        { "listed", CourtEventType.CorrectionUpheld, false },
        { "shielded", CourtEventType.CorrectionUpheld, false },
        { "revoked", CourtEventType.CorrectionUpheld, false },
        { "revoked_wrongful", CourtEventType.CorrectionUpheld, false },

        { "none", CourtEventType.CorrectionDismissed, false },
        { "risk_notice", CourtEventType.CorrectionDismissed, false },
        { "listed", CourtEventType.CorrectionDismissed, false },
        { "shielded", CourtEventType.CorrectionDismissed, false },
        { "revoked", CourtEventType.CorrectionDismissed, false },
        { "revoked_wrongful", CourtEventType.CorrectionDismissed, false },

        { "none", CourtEventType.VerificationStarted, false },
        { "risk_notice", CourtEventType.VerificationStarted, false },
        { "listed", CourtEventType.VerificationStarted, true },
        { "shielded", CourtEventType.VerificationStarted, false },
        { "revoked", CourtEventType.VerificationStarted, false },
        { "revoked_wrongful", CourtEventType.VerificationStarted, false },

        { "none", CourtEventType.VerificationClosed, false },
        { "risk_notice", CourtEventType.VerificationClosed, false },
        { "listed", CourtEventType.VerificationClosed, false },
        { "shielded", CourtEventType.VerificationClosed, false },
        { "revoked", CourtEventType.VerificationClosed, false },
        { "revoked_wrongful", CourtEventType.VerificationClosed, false },

        { "none", CourtEventType.Shielded, false },
        { "risk_notice", CourtEventType.Shielded, false },
        { "listed", CourtEventType.Shielded, true },
        { "shielded", CourtEventType.Shielded, false },
        { "revoked", CourtEventType.Shielded, false },
        { "revoked_wrongful", CourtEventType.Shielded, false },

        { "none", CourtEventType.Revoked, false },
        { "risk_notice", CourtEventType.Revoked, false },
        { "listed", CourtEventType.Revoked, true },
        { "shielded", CourtEventType.Revoked, false },
        { "revoked", CourtEventType.Revoked, false },
        { "revoked_wrongful", CourtEventType.Revoked, false },

        { "none", CourtEventType.Retained, false },
        { "risk_notice", CourtEventType.Retained, false },
        { "listed", CourtEventType.Retained, true },
        { "shielded", CourtEventType.Retained, true },
        { "revoked", CourtEventType.Retained, true },
        { "revoked_wrongful", CourtEventType.Retained, false },

        { "none", CourtEventType.Performed, false },
        { "risk_notice", CourtEventType.Performed, false },
        { "listed", CourtEventType.Performed, true },
        { "shielded", CourtEventType.Performed, false },
        { "revoked", CourtEventType.Performed, false },
        { "revoked_wrongful", CourtEventType.Performed, false },

        // Both need a dismissed correction request first (see ReconsiderationLifecycleTests).
        { "none", CourtEventType.ReconsiderationRequested, false },
        { "risk_notice", CourtEventType.ReconsiderationRequested, false },
        { "listed", CourtEventType.ReconsiderationRequested, false },
        { "shielded", CourtEventType.ReconsiderationRequested, false },
        { "revoked", CourtEventType.ReconsiderationRequested, false },
        { "revoked_wrongful", CourtEventType.ReconsiderationRequested, false },

        { "none", CourtEventType.ReconsiderationDecided, false },
        { "risk_notice", CourtEventType.ReconsiderationDecided, false },
        { "listed", CourtEventType.ReconsiderationDecided, false },
        { "shielded", CourtEventType.ReconsiderationDecided, false },
        { "revoked", CourtEventType.ReconsiderationDecided, false },
        { "revoked_wrongful", CourtEventType.ReconsiderationDecided, false },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Apply_EventFromState_AcceptedOnlyWhereLifecycleAllows(string state, CourtEventType type, bool accepted)
    {
        var current = State(state);
        var e = WellFormed(type);

        var result = ListingLifecycle.Apply(current, e);

        if (!accepted)
        {
            AssertRejected(result);
            return;
        }

        var next = AssertAccepted(result);
        Assert.Equal((current?.Version ?? 0) + 1, next.Version);
        Assert.Equal((current?.History.Length ?? 0) + 1, next.History.Length);
        Assert.Equal(e.EventId, next.History[^1].EventId);
        Assert.Equal(type, next.History[^1].Event);
        Assert.Equal(e.On, next.History[^1].On);
        Assert.Equal(next.Status, next.History[^1].StatusAfter);
        Assert.Equal(Ev.Case, next.CaseNumber);
        Assert.Equal(Ev.Court, next.Court);
    }

    [Fact]
    public void Transitions_Table_CoversEveryEventType()
    {
        var covered = Transitions.Select(row => (CourtEventType)row[1]).Distinct().Order();

        Assert.Equal(Enum.GetValues<CourtEventType>().Order(), covered);
    }

    [Fact]
    public void Apply_UnknownEventType_Rejected()
    {
        var reason = AssertRejected(ListingLifecycle.Apply(ListedCase(), Ev.Of((CourtEventType)99, Day(1))));

        Assert.Contains("unknown event type", reason, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- risk notice and listing

    [Fact]
    public void RiskNotice_NewCase_NotedWithoutRestriction()
    {
        var listing = Run(Ev.RiskNotice(Day0));

        Assert.Equal(ListingStatus.RiskNotice, listing.Status);
        Assert.Null(listing.ListedOn);
        Assert.False(listing.Restricts(Ev.Measure, Day0));
        Assert.Equal(1, listing.Version);
    }

    [Fact]
    public void Listed_AfterRiskNotice_BecomesListedWithAllFields()
    {
        var officer = new Officer(SubjectRole.LegalRepresentative, new SubjectRef(IdType.ResidentId, "110105199003071239", "李四"));
        var listed = Ev.Listed(Day0, isPublic: false, obligation: "返还借款") with { Officers = [officer] };

        var listing = Run(Ev.RiskNotice(Day(-5)), listed);

        Assert.Equal(ListingStatus.Listed, listing.Status);
        Assert.Equal(Day0, listing.ListedOn);
        Assert.False(listing.Public);
        Assert.Equal("返还借款", listing.Obligation);
        Assert.Equal([officer], listing.Officers.ToArray());
        Assert.Equal(2, listing.Version);
        Assert.Equal([ListingStatus.RiskNotice, ListingStatus.Listed], listing.History.Select(h => h.StatusAfter));
        Assert.True(listing.Restricts(Ev.Measure, Day0));
    }

    [Fact]
    public void Listed_Twice_SecondRejectedAsAlreadyListed()
    {
        var reason = AssertRejected(ListingLifecycle.Apply(ListedCase(), Ev.Listed(Day(1))));

        Assert.Contains("already listed", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RiskNotice_OnListedCase_Rejected()
    {
        var reason = AssertRejected(ListingLifecycle.Apply(ListedCase(), Ev.RiskNotice(Day(1))));

        Assert.Contains("already been listed", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void Listed_WithoutListedOnOrPublic_Rejected(bool hasListedOn, bool hasPublic)
    {
        var e = Ev.Listed(Day0) with
        {
            ListedOn = hasListedOn ? Day0 : null,
            Public = hasPublic ? true : null,
        };

        var reason = AssertRejected(ListingLifecycle.Apply(null, e));

        Assert.Contains("listedOn", reason, StringComparison.Ordinal);
        Assert.Contains("public", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Listed_PublicFlag_IsKept(bool isPublic)
    {
        Assert.Equal(isPublic, Run(Ev.Listed(Day0, isPublic)).Public);
    }

    [Fact]
    public void Listed_WithoutEarlierRiskNotice_AppliesButIsMarkedRiskNoticeMissing()
    {
        var listing = Run(Ev.Listed(Day0));

        Assert.Equal(ListingStatus.Listed, listing.Status);
        Assert.True(listing.RiskNoticeMissing);
        Assert.True(listing.Restricts(Ev.Measure, Day0));
    }

    [Fact]
    public void Listed_AfterRiskNotice_IsNotMarkedRiskNoticeMissing()
    {
        Assert.False(Run(Ev.RiskNotice(Day(-5)), Ev.Listed(Day0)).RiskNoticeMissing);
    }

    [Theory]
    [InlineData(CourtEventType.Shielded)]
    [InlineData(CourtEventType.Revoked)]
    public void Listed_AgainAfterDelisting_KeepsTheCaseHistorysRiskNotice(CourtEventType delisting)
    {
        // The case cannot take a new notice once listed; the debtor was warned in it before the first listing.
        var delisted = Run(Ev.RiskNotice(Day(-5)), Ev.Listed(Day0), Ev.Of(delisting, Day(3)));

        Assert.False(Run(delisted, Ev.Listed(Day(40))).RiskNoticeMissing);
    }

    [Fact]
    public void Listed_AgainAfterAListingWithoutNotice_IsStillMarkedRiskNoticeMissing()
    {
        var delisted = Run(Ev.Listed(Day0), Ev.Shielded(Day(3)));

        Assert.True(Run(delisted, Ev.Listed(Day(40))).RiskNoticeMissing);
    }

    [Fact]
    public void Listed_AgainOnAListingRecordedBeforeTheNoticeWasChecked_IsJudgedFromItsHistory()
    {
        // A listing stored before RiskNoticeMissing existed reads back as null (unknown); a new listing decides it.
        var legacy = Run(Ev.RiskNotice(Day(-5)), Ev.Listed(Day0), Ev.Shielded(Day(3))) with { RiskNoticeMissing = null };

        Assert.False(Run(legacy, Ev.Listed(Day(40))).RiskNoticeMissing);
    }

    // ---------------------------------------------------------------- date bounds

    public static TheoryData<string, CourtEvent> OutOfBoundsEvents => new()
    {
        { "on", Ev.Performed(new DateOnly(9999, 12, 29)) },
        { "on", Ev.Performed(new DateOnly(1899, 12, 31)) },
        { "listedOn", Ev.Listed(Day0) with { ListedOn = new DateOnly(2101, 1, 1) } },
        { "servedOn", Ev.Listed(Day0) with { ServedOn = new DateOnly(9999, 12, 31) } },
        { "until", Ev.Retained(Day(1), Ev.Measure, new DateOnly(2101, 1, 1)) },
    };

    [Theory]
    [MemberData(nameof(OutOfBoundsEvents))]
    public void Apply_DateOutsideTheBounds_RejectedNamingTheField(string field, CourtEvent e)
    {
        var start = e.Type == CourtEventType.Listed ? null : ListedCase();

        var reason = AssertRejected(ListingLifecycle.Apply(start, e));

        Assert.StartsWith($"{field} must be between 1900-01-01 and 2100-12-31", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_DatesOnTheBounds_Accepted()
    {
        var listing = Run(Ev.Listed(new DateOnly(1900, 1, 1)) with { ServedOn = new DateOnly(2100, 12, 31) });

        AssertAccepted(ListingLifecycle.Apply(listing, Ev.Retained(new DateOnly(1900, 1, 1), Ev.Measure, new DateOnly(2100, 12, 31))));
    }

    // ---------------------------------------------------------------- correction request (10-day window)

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(10)]
    public void CorrectionRequested_WithinTenDaysOfListedOn_Accepted(int daysAfter)
    {
        var listing = AssertAccepted(ListingLifecycle.Apply(ListedCase(), Ev.CorrectionRequested(Day(daysAfter))));

        Assert.Equal(Day(daysAfter), listing.CorrectionRequestedOn);
        Assert.Equal(ListingStatus.Listed, listing.Status);
        Assert.True(listing.Restricts(Ev.Measure, Day(daysAfter)));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(30)]
    [InlineData(365)]
    public void CorrectionRequested_AfterTenDays_RejectedNamingTheWindow(int daysAfter)
    {
        var reason = AssertRejected(ListingLifecycle.Apply(ListedCase(), Ev.CorrectionRequested(Day(daysAfter))));

        Assert.Contains("within 10 days of receiving the decision", reason, StringComparison.Ordinal);
        Assert.Contains("(listed 2025-03-01)", reason, StringComparison.Ordinal);
        Assert.Contains($"{daysAfter} days", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    public void CorrectionRequested_WithinTenDaysOfServedOn_AcceptedAlthoughLaterThanTenDaysAfterListedOn(int daysAfterService)
    {
        // 四(二)3 自收到决定之日起10日内: decided on 03-01, received on 03-08, so the window runs to 03-18.
        var listing = Run(Ev.Listed(Day0) with { ServedOn = Day(7) });

        var requested = AssertAccepted(ListingLifecycle.Apply(listing, Ev.CorrectionRequested(Day(7 + daysAfterService))));

        Assert.Equal(Day(7 + daysAfterService), requested.CorrectionRequestedOn);
    }

    [Fact]
    public void CorrectionRequested_MoreThanTenDaysAfterServedOn_RejectedNamingTheServiceDate()
    {
        var listing = Run(Ev.Listed(Day0) with { ServedOn = Day(7) });

        var reason = AssertRejected(ListingLifecycle.Apply(listing, Ev.CorrectionRequested(Day(18))));

        Assert.Contains("within 10 days of receiving the decision (served 2025-03-08)", reason, StringComparison.Ordinal);
        Assert.Contains("after 11 days", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Listed_ServedOn_IsKeptAndResetByAReListing()
    {
        var served = Run(Ev.Listed(Day0) with { ServedOn = Day(2) });
        Assert.Equal(Day(2), served.ServedOn);

        var relisted = Run(served, Ev.Shielded(Day(5)), Ev.Listed(Day(40)));

        Assert.Null(relisted.ServedOn);
    }

    [Fact]
    public void Listed_ServedOnBeforeListedOn_RejectedNamingTheField()
    {
        var reason = AssertRejected(ListingLifecycle.Apply(null, Ev.Listed(Day0) with { ServedOn = Day(-1) }));

        Assert.Contains("servedOn (2025-02-28) is before listedOn (2025-03-01)", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Listed_ServedOnSameDayAsListedOn_Accepted()
    {
        Assert.Equal(Day0, Run(Ev.Listed(Day0) with { ServedOn = Day0 }).ServedOn);
    }

    [Fact]
    public void CorrectionWindowDays_IsTen()
    {
        Assert.Equal(10, ListingLifecycle.CorrectionWindowDays);
    }

    [Fact]
    public void CorrectionRequested_WindowCountsFromListedOnNotFromListedEventDate()
    {
        // The court reports on 03-10 a listing decided on 03-01: day 11 counts from listedOn.
        var listed = Ev.Listed(Day0) with { On = Day(9) };
        var listing = Run(listed);

        AssertRejected(ListingLifecycle.Apply(listing, Ev.CorrectionRequested(Day(11))));
        AssertAccepted(ListingLifecycle.Apply(listing, Ev.CorrectionRequested(Day(10))));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-30)]
    public void CorrectionRequested_BeforeListedOn_Rejected(int daysAfter)
    {
        var reason = AssertRejected(ListingLifecycle.Apply(ListedCase(), Ev.CorrectionRequested(Day(daysAfter))));

        Assert.Contains("before the listing date", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("risk_notice")]
    [InlineData("shielded")]
    [InlineData("revoked")]
    [InlineData("revoked_wrongful")]
    public void CorrectionRequested_OnNonListedCase_Rejected(string state)
    {
        var reason = AssertRejected(ListingLifecycle.Apply(State(state), Ev.CorrectionRequested(Day(3))));

        Assert.Contains("not listed", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CorrectionRequested_SecondWhilePending_Rejected()
    {
        var pending = Run(ListedCase(), Ev.CorrectionRequested(Day(1)));

        var reason = AssertRejected(ListingLifecycle.Apply(pending, Ev.CorrectionRequested(Day(2))));

        Assert.Contains("already pending", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CorrectionRequested_AfterDismissalWithinWindow_AcceptedAgain()
    {
        var dismissed = Run(ListedCase(), Ev.CorrectionRequested(Day(1)), Ev.CorrectionDismissed(Day(3)));

        var listing = AssertAccepted(ListingLifecycle.Apply(dismissed, Ev.CorrectionRequested(Day(5))));

        Assert.Equal(Day(5), listing.CorrectionRequestedOn);
    }

    [Theory]
    [InlineData(CourtEventType.CorrectionUpheld)]
    [InlineData(CourtEventType.CorrectionDismissed)]
    public void CorrectionRuling_WithoutPendingRequest_Rejected(CourtEventType type)
    {
        var reason = AssertRejected(ListingLifecycle.Apply(ListedCase(), Ev.Of(type, Day(2))));

        Assert.Contains("no correction request is pending", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CourtEventType.CorrectionUpheld)]
    [InlineData(CourtEventType.CorrectionDismissed)]
    public void CorrectionRuling_Twice_SecondRejected(CourtEventType type)
    {
        var ruled = Run(ListedCase(), Ev.CorrectionRequested(Day(1)), Ev.Of(type, Day(2)));

        AssertRejected(ListingLifecycle.Apply(ruled, Ev.Of(type, Day(3))));
    }

    [Fact]
    public void CorrectionDismissed_ListingStandsAndRequestCleared()
    {
        var listing = Run(ListedCase(), Ev.CorrectionRequested(Day(1)), Ev.CorrectionDismissed(Day(3)));

        Assert.Equal(ListingStatus.Listed, listing.Status);
        Assert.Null(listing.CorrectionRequestedOn);
        Assert.False(listing.Wrongful);
        Assert.True(listing.Restricts(Ev.Measure, Day(3)));
    }

    [Fact]
    public void CorrectionUpheld_RevokesAsWrongfulAndClearsRetentionsAndSuspensions()
    {
        var before = Run(
            ListedCase(),
            Ev.Retained(Day(1), Ev.Measure, Until),
            Ev.VerificationStarted(Day(1), Ev.OtherMeasure),
            Ev.Performed(Day(1)),
            Ev.CorrectionRequested(Day(2)));
        Assert.NotEmpty(before.Retentions);
        Assert.NotEmpty(before.Suspensions);

        var listing = AssertAccepted(ListingLifecycle.Apply(before, Ev.CorrectionUpheld(Day(3))));

        Assert.Equal(ListingStatus.Revoked, listing.Status);
        Assert.True(listing.Wrongful);
        Assert.Empty(listing.Retentions);
        Assert.Empty(listing.Suspensions);
        Assert.Null(listing.CorrectionRequestedOn);
        Assert.Null(listing.PerformedOn);
        Assert.False(listing.Restricts(Ev.Measure, Day(3)));
        Assert.False(listing.Restricts(Ev.OtherMeasure, Day(3)));
        Assert.Equal(ListingStatus.Revoked, listing.History[^1].StatusAfter);
    }

    // ---------------------------------------------------------------- verification of an objection

    [Fact]
    public void VerificationStarted_OneMeasure_SuspendsOnlyThatMeasure()
    {
        var listing = AssertAccepted(ListingLifecycle.Apply(ListedCase(), Ev.VerificationStarted(Day(2), Ev.Measure)));

        Assert.Equal([new Suspension(Ev.Measure, Day(2))], listing.Suspensions.ToArray());
        Assert.False(listing.Restricts(Ev.Measure, Day(2)));
        Assert.True(listing.Restricts(Ev.OtherMeasure, Day(2)));
        Assert.Equal(ListingStatus.Listed, listing.Status);
        Assert.Equal(Ev.Measure, listing.History[^1].Note);
    }

    [Fact]
    public void VerificationStarted_AllMeasures_SuspendsEverything()
    {
        var listing = AssertAccepted(ListingLifecycle.Apply(ListedCase(), Ev.VerificationStarted(Day(2), null)));

        Assert.Equal([new Suspension(null, Day(2))], listing.Suspensions.ToArray());
        Assert.False(listing.Restricts(Ev.Measure, Day(2)));
        Assert.False(listing.Restricts(Ev.OtherMeasure, Day(2)));
    }

    [Fact]
    public void VerificationStarted_TwoDifferentMeasures_BothSuspended()
    {
        var listing = Run(ListedCase(), Ev.VerificationStarted(Day(2), Ev.Measure), Ev.VerificationStarted(Day(3), Ev.OtherMeasure));

        Assert.Equal(2, listing.Suspensions.Length);
        Assert.False(listing.Restricts(Ev.Measure, Day(3)));
        Assert.False(listing.Restricts(Ev.OtherMeasure, Day(3)));
        Assert.True(listing.Restricts("consumption.hotel", Day(3)));
    }

    [Fact]
    public void VerificationStarted_SameMeasureTwice_Rejected()
    {
        var open = Run(ListedCase(), Ev.VerificationStarted(Day(2), Ev.Measure));

        var reason = AssertRejected(ListingLifecycle.Apply(open, Ev.VerificationStarted(Day(3), Ev.Measure)));

        Assert.Contains("already under verification", reason, StringComparison.Ordinal);
        Assert.Contains(Ev.Measure, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Ev.Measure)]
    public void VerificationStarted_WhileAllAreUnderVerification_Rejected(string? measure)
    {
        var open = Run(ListedCase(), Ev.VerificationStarted(Day(2), null));

        var reason = AssertRejected(ListingLifecycle.Apply(open, Ev.VerificationStarted(Day(3), measure)));

        Assert.Contains("already under verification", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void VerificationClosed_ConfirmedForOneMeasure_EndsOnlyTheMatchingSuspension()
    {
        var open = Run(ListedCase(), Ev.VerificationStarted(Day(2), Ev.Measure), Ev.VerificationStarted(Day(2), Ev.OtherMeasure));

        var listing = AssertAccepted(ListingLifecycle.Apply(open, Ev.VerificationClosed(Day(4), VerificationOutcome.Confirmed, Ev.Measure)));

        Assert.Equal([new Suspension(Ev.OtherMeasure, Day(2))], listing.Suspensions.ToArray());
        Assert.Equal(ListingStatus.Listed, listing.Status);
        Assert.False(listing.Wrongful);
        Assert.True(listing.Restricts(Ev.Measure, Day(4)));
        Assert.False(listing.Restricts(Ev.OtherMeasure, Day(4)));
    }

    [Fact]
    public void VerificationClosed_ConfirmedWithoutMeasure_ClosesAll()
    {
        var open = Run(ListedCase(), Ev.VerificationStarted(Day(2), Ev.Measure), Ev.VerificationStarted(Day(2), Ev.OtherMeasure));

        var listing = AssertAccepted(ListingLifecycle.Apply(open, Ev.VerificationClosed(Day(4), VerificationOutcome.Confirmed)));

        Assert.Empty(listing.Suspensions);
        Assert.Equal(ListingStatus.Listed, listing.Status);
        Assert.True(listing.Restricts(Ev.Measure, Day(4)));
        Assert.True(listing.Restricts(Ev.OtherMeasure, Day(4)));
    }

    [Fact]
    public void VerificationClosed_ConfirmedWithoutMeasure_ClosesAnAllMeasuresVerification()
    {
        var open = Run(ListedCase(), Ev.VerificationStarted(Day(2), null));

        var listing = AssertAccepted(ListingLifecycle.Apply(open, Ev.VerificationClosed(Day(4), VerificationOutcome.Confirmed)));

        Assert.Empty(listing.Suspensions);
        Assert.True(listing.Restricts(Ev.Measure, Day(4)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Ev.Measure)]
    public void VerificationClosed_Revoked_RevokesAsWrongfulAndLiftsEverything(string? measure)
    {
        var open = Run(
            ListedCase(),
            Ev.Retained(Day(1), Ev.OtherMeasure, Until),
            Ev.VerificationStarted(Day(2), Ev.Measure),
            Ev.VerificationStarted(Day(2), "consumption.hotel"));

        var listing = AssertAccepted(ListingLifecycle.Apply(open, Ev.VerificationClosed(Day(4), VerificationOutcome.Revoked, measure)));

        Assert.Equal(ListingStatus.Revoked, listing.Status);
        Assert.True(listing.Wrongful);
        Assert.Empty(listing.Suspensions);
        Assert.Empty(listing.Retentions);
        Assert.False(listing.Restricts(Ev.Measure, Day(4)));
        Assert.False(listing.Restricts(Ev.OtherMeasure, Day(4)));
        Assert.False(listing.Restricts("consumption.hotel", Day(4)));
    }

    [Theory]
    [InlineData(VerificationOutcome.Confirmed, null)]
    [InlineData(VerificationOutcome.Revoked, null)]
    [InlineData(VerificationOutcome.Confirmed, Ev.Measure)]
    [InlineData(VerificationOutcome.Revoked, Ev.Measure)]
    public void VerificationClosed_NoOpenVerification_Rejected(VerificationOutcome outcome, string? measure)
    {
        var reason = AssertRejected(ListingLifecycle.Apply(ListedCase(), Ev.VerificationClosed(Day(4), outcome, measure)));

        Assert.Contains("no open verification", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void VerificationClosed_ForMeasureWithoutItsOwnVerification_Rejected()
    {
        var open = Run(ListedCase(), Ev.VerificationStarted(Day(2), Ev.OtherMeasure));

        var reason = AssertRejected(ListingLifecycle.Apply(open, Ev.VerificationClosed(Day(4), VerificationOutcome.Confirmed, Ev.Measure)));

        Assert.Contains(Ev.Measure, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void VerificationClosed_WithoutOutcome_Rejected()
    {
        var open = Run(ListedCase(), Ev.VerificationStarted(Day(2), Ev.Measure));
        var e = Ev.VerificationClosed(Day(4), VerificationOutcome.Confirmed) with { Outcome = null };

        var reason = AssertRejected(ListingLifecycle.Apply(open, e));

        Assert.Contains("outcome", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void VerificationClosed_SameMeasureTwice_SecondRejected()
    {
        var closed = Run(
            ListedCase(),
            Ev.VerificationStarted(Day(2), Ev.Measure),
            Ev.VerificationClosed(Day(3), VerificationOutcome.Confirmed, Ev.Measure));

        AssertRejected(ListingLifecycle.Apply(closed, Ev.VerificationClosed(Day(4), VerificationOutcome.Confirmed, Ev.Measure)));
    }

    [Fact]
    public void VerificationStarted_AfterClosing_CanStartAgain()
    {
        var closed = Run(
            ListedCase(),
            Ev.VerificationStarted(Day(2), Ev.Measure),
            Ev.VerificationClosed(Day(3), VerificationOutcome.Confirmed, Ev.Measure));

        var listing = AssertAccepted(ListingLifecycle.Apply(closed, Ev.VerificationStarted(Day(5), Ev.Measure)));

        Assert.Equal([new Suspension(Ev.Measure, Day(5))], listing.Suspensions.ToArray());
    }

    // ---------------------------------------------------------------- shielding and revocation

    [Theory]
    [InlineData(CourtEventType.Shielded, ListingStatus.Shielded)]
    [InlineData(CourtEventType.Revoked, ListingStatus.Revoked)]
    public void Delisting_FromListed_LiftsRestrictionsAndClearsPendingSteps(CourtEventType type, ListingStatus expected)
    {
        var before = Run(
            ListedCase(),
            Ev.VerificationStarted(Day(1), Ev.OtherMeasure),
            Ev.CorrectionRequested(Day(2)),
            Ev.Performed(Day(3)));
        var e = Ev.Of(type, Day(4)) with { Reason = "settled" };

        var listing = AssertAccepted(ListingLifecycle.Apply(before, e));

        Assert.Equal(expected, listing.Status);
        Assert.False(listing.Wrongful);
        Assert.Empty(listing.Suspensions);
        Assert.Null(listing.CorrectionRequestedOn);
        Assert.Null(listing.PerformedOn);
        Assert.Equal(Day0, listing.ListedOn);
        Assert.False(listing.Restricts(Ev.Measure, Day(4)));
        Assert.Equal("settled", listing.History[^1].Note);
    }

    [Theory]
    [InlineData("none", CourtEventType.Shielded)]
    [InlineData("none", CourtEventType.Revoked)]
    [InlineData("risk_notice", CourtEventType.Shielded)]
    [InlineData("risk_notice", CourtEventType.Revoked)]
    [InlineData("shielded", CourtEventType.Shielded)]
    [InlineData("shielded", CourtEventType.Revoked)]
    [InlineData("revoked", CourtEventType.Shielded)]
    [InlineData("revoked", CourtEventType.Revoked)]
    [InlineData("revoked_wrongful", CourtEventType.Shielded)]
    [InlineData("revoked_wrongful", CourtEventType.Revoked)]
    public void Delisting_NotFromListed_RejectedAsNotListed(string state, CourtEventType type)
    {
        var reason = AssertRejected(ListingLifecycle.Apply(State(state), Ev.Of(type, Day(5))));

        Assert.Contains("not listed", reason, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- retention

    [Fact]
    public void Retained_BeforeShielding_SurvivesShieldingAndAppliesThroughUntil()
    {
        var listing = Run(ListedCase(), Ev.Retained(Day(1), Ev.Measure, Until), Ev.Shielded(Day(2)));

        Assert.Equal(ListingStatus.Shielded, listing.Status);
        Assert.Equal([new Retention(Ev.Measure, Until, "法律依据第1条", Day(1))], listing.Retentions.ToArray());
        Assert.True(listing.Restricts(Ev.Measure, Until));
        Assert.False(listing.Restricts(Ev.Measure, Until.AddDays(1)));
        Assert.False(listing.Restricts(Ev.OtherMeasure, Day(2)));
    }

    [Theory]
    [InlineData(CourtEventType.Shielded)]
    [InlineData(CourtEventType.Revoked)]
    public void Retained_AfterDelisting_Accepted(CourtEventType delisting)
    {
        var delisted = Run(ListedCase(), Ev.Of(delisting, Day(2)));

        var listing = AssertAccepted(ListingLifecycle.Apply(delisted, Ev.Retained(Day(3), Ev.Measure, Until)));

        Assert.Equal([new Retention(Ev.Measure, Until, "法律依据第1条", Day(3))], listing.Retentions.ToArray());
        Assert.Equal(delisted.Status, listing.Status);
        Assert.Equal($"{Ev.Measure} until 2025-12-31", listing.History[^1].Note);
        Assert.True(listing.Restricts(Ev.Measure, Day(3)));
    }

    [Fact]
    public void Retained_SameMeasureAgain_ReplacesTheEarlierRetention()
    {
        var later = new DateOnly(2026, 6, 30);

        var listing = Run(
            ListedCase(),
            Ev.Shielded(Day(2)),
            Ev.Retained(Day(3), Ev.Measure, Until),
            Ev.Retained(Day(4), Ev.Measure, later, "新依据"));

        Assert.Equal([new Retention(Ev.Measure, later, "新依据", Day(4))], listing.Retentions.ToArray());
    }

    [Fact]
    public void Retained_DifferentMeasures_BothKept()
    {
        var listing = Run(
            ListedCase(),
            Ev.Shielded(Day(2)),
            Ev.Retained(Day(3), Ev.Measure, Until),
            Ev.Retained(Day(3), Ev.OtherMeasure, Until));

        Assert.Equal([Ev.Measure, Ev.OtherMeasure], listing.Retentions.Select(r => r.Measure));
    }

    [Fact]
    public void Retained_UntilBeforeOn_Rejected()
    {
        var shielded = Run(ListedCase(), Ev.Shielded(Day(2)));

        var reason = AssertRejected(ListingLifecycle.Apply(shielded, Ev.Retained(Day(5), Ev.Measure, Day(4))));

        Assert.Contains("before the event date", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Retained_UntilEqualToOn_Accepted()
    {
        var shielded = Run(ListedCase(), Ev.Shielded(Day(2)));

        var listing = AssertAccepted(ListingLifecycle.Apply(shielded, Ev.Retained(Day(5), Ev.Measure, Day(5))));

        Assert.True(listing.Restricts(Ev.Measure, Day(5)));
        Assert.False(listing.Restricts(Ev.Measure, Day(6)));
    }

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    public void Retained_MissingMeasureUntilOrBasis_Rejected(bool noMeasure, bool noUntil, bool noBasis)
    {
        var e = Ev.Retained(Day(3), Ev.Measure, Until) with
        {
            Measure = noMeasure ? null : Ev.Measure,
            Until = noUntil ? null : Until,
            Basis = noBasis ? " " : "法律依据第1条",
        };

        var reason = AssertRejected(ListingLifecycle.Apply(ListedCase(), e));

        Assert.Contains("retained needs measure, until and basis", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CourtEventType.CorrectionUpheld)]
    [InlineData(CourtEventType.VerificationClosed)]
    public void Retained_AfterWrongfulRevocation_Rejected(CourtEventType wrongful)
    {
        var revoked = wrongful == CourtEventType.CorrectionUpheld
            ? Run(ListedCase(), Ev.CorrectionRequested(Day(1)), Ev.CorrectionUpheld(Day(2)))
            : Run(ListedCase(), Ev.VerificationStarted(Day(1), null), Ev.VerificationClosed(Day(2), VerificationOutcome.Revoked));

        var reason = AssertRejected(ListingLifecycle.Apply(revoked, Ev.Retained(Day(3), Ev.Measure, Until)));

        Assert.Contains("no listing a measure could be retained from", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("risk_notice")]
    public void Retained_WithoutAnyListing_Rejected(string state)
    {
        var reason = AssertRejected(ListingLifecycle.Apply(State(state), Ev.Retained(Day(3), Ev.Measure, Until)));

        Assert.Contains("no listing a measure could be retained from", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RiskNotice_OnShieldedCaseWithRetention_DoesNotLiftTheRetainedMeasure()
    {
        var shielded = Run(ListedCase(), Ev.Shielded(Day(2)), Ev.Retained(Day(3), Ev.Measure, Until));
        Assert.True(shielded.Restricts(Ev.Measure, Day(5)));

        var result = ListingLifecycle.Apply(shielded, Ev.RiskNotice(Day(5)));

        // Either the risk notice is refused, or the retained measure keeps applying through its until date.
        Assert.True(result.IsRejected || result.Listing!.Restricts(Ev.Measure, Day(5)));
    }

    // ---------------------------------------------------------------- performance

    [Fact]
    public void Performed_WhenListed_RecordsDateAndKeepsRestrictions()
    {
        var listing = AssertAccepted(ListingLifecycle.Apply(ListedCase(), Ev.Performed(Day(6))));

        Assert.Equal(Day(6), listing.PerformedOn);
        Assert.Equal(ListingStatus.Listed, listing.Status);
        Assert.True(listing.Restricts(Ev.Measure, Day(6)));
    }

    [Fact]
    public void Performed_Twice_SecondRejected()
    {
        var performed = Run(ListedCase(), Ev.Performed(Day(6)));

        var reason = AssertRejected(ListingLifecycle.Apply(performed, Ev.Performed(Day(7))));

        Assert.Contains("already recorded", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("risk_notice")]
    [InlineData("shielded")]
    [InlineData("revoked")]
    [InlineData("revoked_wrongful")]
    public void Performed_NotListed_Rejected(string state)
    {
        var reason = AssertRejected(ListingLifecycle.Apply(State(state), Ev.Performed(Day(6))));

        Assert.Contains("not listed", reason, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- court ownership

    public static TheoryData<CourtEventType> EveryEventType => new(Enum.GetValues<CourtEventType>());

    [Theory]
    [MemberData(nameof(EveryEventType))]
    public void Apply_DifferentCourtOnExistingCase_RejectedNamingTheOwningCourt(CourtEventType type)
    {
        var listed = ListedCase();
        var e = WellFormed(type) with { Court = Ev.OtherCourt };

        var reason = AssertRejected(ListingLifecycle.Apply(listed, e));

        Assert.Contains(Ev.Court, reason, StringComparison.Ordinal);
        Assert.Contains(Ev.Case, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_DifferentCourtOnRiskNoticeCase_Rejected()
    {
        var notice = Run(Ev.RiskNotice(Day0));

        AssertRejected(ListingLifecycle.Apply(notice, Ev.Listed(Day(1)) with { Court = Ev.OtherCourt }));
    }

    [Fact]
    public void Apply_NewCaseFromAnyCourt_BelongsToThatCourt()
    {
        var listing = Run(Ev.Listed(Day0) with { Court = Ev.OtherCourt });

        Assert.Equal(Ev.OtherCourt, listing.Court);
    }

    // ---------------------------------------------------------------- re-listing

    [Theory]
    [InlineData(CourtEventType.Shielded)]
    [InlineData(CourtEventType.Revoked)]
    public void Listed_AfterDelisting_StartsClean(CourtEventType delisting)
    {
        var delisted = Run(
            ListedCase(),
            Ev.VerificationStarted(Day(1), Ev.OtherMeasure),
            Ev.Retained(Day(1), Ev.Measure, Until),
            Ev.Performed(Day(2)),
            Ev.Of(delisting, Day(3)));
        Assert.NotEmpty(delisted.Retentions);
        var relisted = Ev.Listed(Day(40), isPublic: false, obligation: "second episode");

        var listing = AssertAccepted(ListingLifecycle.Apply(delisted, relisted));

        Assert.Equal(ListingStatus.Listed, listing.Status);
        Assert.Equal(Day(40), listing.ListedOn);
        Assert.False(listing.Public);
        Assert.Equal("second episode", listing.Obligation);
        Assert.Empty(listing.Suspensions);
        Assert.Empty(listing.Retentions);
        Assert.Null(listing.CorrectionRequestedOn);
        Assert.Null(listing.PerformedOn);
        Assert.False(listing.Wrongful);
        Assert.Equal(delisted.History.Length + 1, listing.History.Length);
        Assert.True(listing.Restricts(Ev.OtherMeasure, Day(40)));
    }

    [Fact]
    public void Listed_AfterWrongfulRevocation_ClearsWrongfulAndNewWindowCountsFromNewListedOn()
    {
        var wrongful = State("revoked_wrongful")!;
        Assert.True(wrongful.Wrongful);

        var listing = Run(wrongful, Ev.Listed(Day(60)));

        Assert.False(listing.Wrongful);
        AssertAccepted(ListingLifecycle.Apply(listing, Ev.CorrectionRequested(Day(70))));
        AssertRejected(ListingLifecycle.Apply(listing, Ev.CorrectionRequested(Day(71))));
    }

    // ---------------------------------------------------------------- version and history

    [Fact]
    public void Apply_EachAcceptedEvent_BumpsVersionByOneAndAppendsOneHistoryEntry()
    {
        CourtEvent[] events =
        [
            Ev.RiskNotice(Day(-3)) with { EventId = "e1" },
            Ev.Listed(Day0) with { EventId = "e2" },
            Ev.CorrectionRequested(Day(1)) with { EventId = "e3" },
            Ev.CorrectionDismissed(Day(3)) with { EventId = "e4" },
            Ev.VerificationStarted(Day(4), Ev.Measure) with { EventId = "e5" },
            Ev.VerificationClosed(Day(5), VerificationOutcome.Confirmed, Ev.Measure) with { EventId = "e6" },
            Ev.Retained(Day(6), Ev.Measure, Until) with { EventId = "e7" },
            Ev.Performed(Day(7)) with { EventId = "e8" },
            Ev.Shielded(Day(8)) with { EventId = "e9" },
            Ev.Retained(Day(9), Ev.OtherMeasure, Until) with { EventId = "e10" },
            Ev.Listed(Day(50)) with { EventId = "e11" },
            Ev.Revoked(Day(51)) with { EventId = "e12" },
        ];
        ListingStatus[] statusAfter =
        [
            ListingStatus.RiskNotice, ListingStatus.Listed, ListingStatus.Listed, ListingStatus.Listed,
            ListingStatus.Listed, ListingStatus.Listed, ListingStatus.Listed, ListingStatus.Listed,
            ListingStatus.Shielded, ListingStatus.Shielded, ListingStatus.Listed, ListingStatus.Revoked,
        ];

        Listing? current = null;
        for (var i = 0; i < events.Length; i++)
        {
            var next = AssertAccepted(ListingLifecycle.Apply(current, events[i]));

            Assert.Equal(i + 1, next.Version);
            Assert.Equal(i + 1, next.History.Length);
            Assert.Equal(current?.History.ToArray() ?? [], next.History.RemoveAt(i).ToArray());
            var entry = next.History[i];
            Assert.Equal(events[i].EventId, entry.EventId);
            Assert.Equal(events[i].Type, entry.Event);
            Assert.Equal(events[i].On, entry.On);
            Assert.Equal(statusAfter[i], entry.StatusAfter);
            Assert.Equal(next.Status, entry.StatusAfter);
            current = next;
        }
    }

    [Fact]
    public void Apply_RejectedEvent_LeavesTheInputUnchanged()
    {
        var listed = ListedCase();
        var snapshot = listed with { };

        AssertRejected(ListingLifecycle.Apply(listed, Ev.Listed(Day(1))));
        AssertRejected(ListingLifecycle.Apply(listed, Ev.CorrectionRequested(Day(11))));

        Assert.Equal(snapshot, listed);
        Assert.Equal(1, listed.Version);
        Assert.Single(listed.History);
    }

    [Fact]
    public void Apply_AcceptedEvent_DoesNotMutateThePreviousValue()
    {
        var listed = ListedCase();

        var next = Run(listed, Ev.VerificationStarted(Day(1), Ev.Measure));

        Assert.Empty(listed.Suspensions);
        Assert.Single(listed.History);
        Assert.Equal(1, listed.Version);
        Assert.Equal(2, next.Version);
    }
}
