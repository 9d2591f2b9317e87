using System.Collections.Immutable;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Domain.Decisions;
using JointPunishment.Grains.Domain.Lifecycle;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Unit.Tests.Decisions;

public sealed class DecisionEngineTests
{
    private const string CourtA = "NX0104";
    private const string CourtB = "NX0202";
    private const string CaseA = "(2025)宁0104执123号";
    private const string CaseB = "(2025)宁0202执77号";
    private const string Air = "consumption.air";
    private const string Hotel = "consumption.hotel";
    private const string Rail = "consumption.rail";

    private static readonly DateOnly Today = new(2025, 6, 15);
    private static readonly DateOnly ListedOn = new(2025, 3, 1);

    private static readonly SubjectRef UnitRef = new(IdType.Uscc, "91350100M000100Y43", "某某公司");
    private static readonly SubjectRef PersonRef = new(IdType.ResidentId, "110105199003071239", "李四");

    // ---------------------------------------------------------------- data

    public static TheoryData<string> AllMeasures => new(MeasureCatalogue.All.Select(m => m.Code));

    public static TheoryData<string, SubjectRole> MeasuresByOfficerRole
    {
        get
        {
            var data = new TheoryData<string, SubjectRole>();
            foreach (var m in MeasureCatalogue.All)
            {
                foreach (var role in OfficerRoles)
                {
                    data.Add(m.Code, role);
                }
            }

            return data;
        }
    }

    public static TheoryData<string, SubjectRole> MeasuresByRelatedRole
    {
        get
        {
            var data = new TheoryData<string, SubjectRole>();
            foreach (var m in MeasureCatalogue.All)
            {
                foreach (var role in RelatedRoles)
                {
                    data.Add(m.Code, role);
                }
            }

            return data;
        }
    }

    /// <summary>The officers a court names with a unit listing (CONTRACT.md "listed").</summary>
    private static readonly SubjectRole[] OfficerRoles =
    [
        SubjectRole.LegalRepresentative, SubjectRole.Principal, SubjectRole.ActualController, SubjectRole.DirectlyResponsible,
    ];

    /// <summary>The related-person roles a check may carry (CONTRACT.md "relatedPersons").</summary>
    private static readonly SubjectRole[] RelatedRoles =
    [
        SubjectRole.LegalRepresentative, SubjectRole.ActualController, SubjectRole.Director,
        SubjectRole.Supervisor, SubjectRole.SeniorManager, SubjectRole.Principal,
    ];

    // ---------------------------------------------------------------- helpers

    private static Measure M(string code)
    {
        Assert.True(MeasureCatalogue.TryGet(code, out var measure), code);
        return measure;
    }

    /// <summary>DOMAIN.md "Decisions an agency gets", written out independently of the engine.</summary>
    private static Decision Expected(Effect effect) => effect switch
    {
        Effect.Prohibit => Decision.Block,
        Effect.StrictReview => Decision.Review,
        Effect.Reference => Decision.Flag,
        Effect.Quota => Decision.Limit,
        Effect.Supervise => Decision.Flag,
        Effect.Assist => Decision.Flag,
        _ => throw new ArgumentOutOfRangeException(nameof(effect)),
    };

    private static Listing Listed(string caseNumber = CaseA, string court = CourtA) =>
        new(caseNumber, court, ListingStatus.Listed, 1) { ListedOn = ListedOn, Public = true };

    private static Listing RiskNoticeOnly(string caseNumber = CaseA, string court = CourtA) =>
        new(caseNumber, court, ListingStatus.RiskNotice, 1);

    private static DecisionInput Person(params Listing[] own) => new(true, [.. own], [], []);

    private static DecisionInput Unit(params Listing[] own) => new(false, [.. own], [], []);

    private static OfficerLink Link(SubjectRole role, Listing? listing) =>
        new(UnitRef, role, listing?.CaseNumber ?? CaseA, listing?.Version ?? 1, listing, PersonRef);

    private static DecisionInput Officer(bool isPerson, params OfficerLink[] links) => new(isPerson, [], [.. links], []);

    private static DecisionInput Applicant(bool isPerson, params RelatedListings[] related) => new(isPerson, [], [], [.. related]);

    private static RelatedListings Related(SubjectRole role, params Listing[] listings) => new(role, [.. listings]);

    private static CheckResult Decide(string code, DecisionInput input, RailAction? action = null, DateOnly? today = null) =>
        DecisionEngine.Decide(M(code), input, action, today ?? Today);

    private static void AssertAllow(CheckResult result)
    {
        Assert.Equal(Decision.Allow, result.Decision);
        Assert.Empty(result.Measures);
    }

    /// <summary>The check applies <paramref name="code"/> with its own decision, on exactly the given basis, in order.</summary>
    private static void AssertApplies(CheckResult result, string code, params Basis[] basis)
    {
        var measure = M(code);
        Assert.Equal(Expected(measure.Effect), result.Decision);
        var applied = Assert.Single(result.Measures);
        Assert.Equal(code, applied.Code);
        Assert.Equal(measure.Effect, applied.Effect);
        Assert.Equal(basis, applied.Basis.ToArray());
    }

    private static void AssertAppliesIff(bool expected, CheckResult result, string code, params Basis[] basis)
    {
        if (expected)
        {
            AssertApplies(result, code, basis);
        }
        else
        {
            AssertAllow(result);
        }
    }

    // ---------------------------------------------------------------- effect → decision

    [Theory]
    [InlineData(Effect.Prohibit, Decision.Block)]
    [InlineData(Effect.StrictReview, Decision.Review)]
    [InlineData(Effect.Reference, Decision.Flag)]
    [InlineData(Effect.Quota, Decision.Limit)]
    [InlineData(Effect.Supervise, Decision.Flag)]
    [InlineData(Effect.Assist, Decision.Flag)]
    public void DecisionFor_Effect_MapsAsDomainTable(Effect effect, Decision decision)
    {
        Assert.Equal(decision, DecisionEngine.DecisionFor(effect));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(-1)]
    public void DecisionFor_UndefinedEffect_Throws(int effect)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DecisionEngine.DecisionFor((Effect)effect));
    }

    [Fact]
    public void DecisionFor_EveryDefinedEffect_IsNeverAllow()
    {
        Assert.All(Enum.GetValues<Effect>(), e => Assert.NotEqual(Decision.Allow, DecisionEngine.DecisionFor(e)));
    }

    // ---------------------------------------------------------------- scope, per measure

    [Theory]
    [MemberData(nameof(AllMeasures))]
    public void Decide_ListedPersonDebtor_AppliesIffScopeReachesPersons(string code)
    {
        var scope = M(code).Scope;
        var expected = scope.HasFlag(MeasureScope.PersonDebtor);

        var result = Decide(code, Person(Listed()));

        AssertAppliesIff(expected, result, code, new Basis(CaseA, CourtA, SubjectRole.Debtor));
    }

    [Theory]
    [MemberData(nameof(AllMeasures))]
    public void Decide_ListedUnitDebtor_AppliesIffScopeReachesUnits(string code)
    {
        var scope = M(code).Scope;
        var expected = scope.HasFlag(MeasureScope.UnitDebtor);

        var result = Decide(code, Unit(Listed()));

        AssertAppliesIff(expected, result, code, new Basis(CaseA, CourtA, SubjectRole.Debtor));
    }

    [Theory]
    [MemberData(nameof(MeasuresByOfficerRole))]
    public void Decide_OfficerOfListedUnit_AppliesIffScopeHasOfficersWithThatRole(string code, SubjectRole role)
    {
        var expected = M(code).Scope.HasFlag(MeasureScope.Officers);

        var result = Decide(code, Officer(true, Link(role, Listed())));

        AssertAppliesIff(expected, result, code, new Basis(CaseA, CourtA, role));
    }

    [Theory]
    [MemberData(nameof(MeasuresByOfficerRole))]
    public void Decide_UnitThatIsOfficerOfListedUnit_AppliesIffScopeHasOfficers(string code, SubjectRole role)
    {
        // An actual controller may itself be a company: the +O reach does not depend on the officer's kind.
        var expected = M(code).Scope.HasFlag(MeasureScope.Officers);

        var result = Decide(code, Officer(false, Link(role, Listed())));

        AssertAppliesIff(expected, result, code, new Basis(CaseA, CourtA, role));
    }

    [Theory]
    [MemberData(nameof(MeasuresByOfficerRole))]
    public void Decide_OfficerLinkEndedOrUnitNotRestricted_Allows(string code, SubjectRole role)
    {
        AssertAllow(Decide(code, Officer(true, Link(role, null))));
        AssertAllow(Decide(code, Officer(true, Link(role, RiskNoticeOnly()))));
        AssertAllow(Decide(code, Officer(true, Link(role, Listed() with { Status = ListingStatus.Shielded }))));
        AssertAllow(Decide(code, Officer(true, Link(role, Listed() with { Status = ListingStatus.Revoked }))));
    }

    [Theory]
    [MemberData(nameof(MeasuresByRelatedRole))]
    public void Decide_ApplicantUnitWithListedRelatedPerson_AppliesIffScopeHasApplicant(string code, SubjectRole role)
    {
        var expected = M(code).Scope.HasFlag(MeasureScope.Applicant);

        var result = Decide(code, Applicant(false, Related(role, Listed())));

        AssertAppliesIff(expected, result, code, new Basis(CaseA, CourtA, role));
    }

    [Theory]
    [MemberData(nameof(MeasuresByRelatedRole))]
    public void Decide_PersonSubjectWithListedRelatedPerson_NeverApplies(string code, SubjectRole role)
    {
        AssertAllow(Decide(code, Applicant(true, Related(role, Listed()))));
    }

    [Theory]
    [MemberData(nameof(MeasuresByRelatedRole))]
    public void Decide_ApplicantWithUnlistedRelatedPerson_Allows(string code, SubjectRole role)
    {
        AssertAllow(Decide(code, Applicant(false, Related(role))));
        AssertAllow(Decide(code, Applicant(false, Related(role, RiskNoticeOnly()))));
        AssertAllow(Decide(code, Applicant(false, Related(role, Listed() with { Status = ListingStatus.Shielded }))));
    }

    [Theory]
    [MemberData(nameof(AllMeasures))]
    public void Decide_UnlistedSubject_AlwaysAllowsWithNoMeasures(string code)
    {
        AssertAllow(Decide(code, Person()));
        AssertAllow(Decide(code, Unit()));
        AssertAllow(Decide(code, new DecisionInput(true, [], [], [])));
        AssertAllow(Decide(code, new DecisionInput(false, [], [], [Related(SubjectRole.LegalRepresentative)])));
        AssertAllow(Decide(code, Officer(true, Link(SubjectRole.LegalRepresentative, null))));
    }

    [Theory]
    [MemberData(nameof(AllMeasures))]
    public void Decide_RiskNoticeOnly_Allows(string code)
    {
        AssertAllow(Decide(code, Person(RiskNoticeOnly())));
        AssertAllow(Decide(code, Unit(RiskNoticeOnly())));
    }

    [Theory]
    [MemberData(nameof(AllMeasures))]
    public void Decide_ListedDebtor_DecisionFollowsTheMeasuresEffect(string code)
    {
        var measure = M(code);
        var input = measure.Scope.HasFlag(MeasureScope.PersonDebtor) ? Person(Listed()) : Unit(Listed());

        var result = Decide(code, input);

        Assert.Equal(Expected(measure.Effect), result.Decision);
        Assert.Equal(measure.Effect, Assert.Single(result.Measures).Effect);
    }

    [Fact]
    public void Catalogue_HasMeasuresOnBothSidesOfEveryScopeFlag()
    {
        // Guards the per-measure theories above: each flag is present on some measures and absent on others.
        foreach (var flag in new[] { MeasureScope.PersonDebtor, MeasureScope.UnitDebtor, MeasureScope.Officers, MeasureScope.Applicant })
        {
            Assert.Contains(MeasureCatalogue.All, m => m.Scope.HasFlag(flag));
            Assert.Contains(MeasureCatalogue.All, m => !m.Scope.HasFlag(flag));
        }

        Assert.All(Enum.GetValues<Effect>(), e => Assert.Contains(MeasureCatalogue.All, m => m.Effect == e));
    }

    [Theory]
    [InlineData("position.soe_executive")]
    [InlineData("position.sitting_deputy")]
    public void Decide_PersonOnlyMeasureWithOfficers_UnitDebtorNotButItsOfficerIs(string code)
    {
        AssertAllow(Decide(code, Unit(Listed())));
        AssertApplies(Decide(code, Officer(true, Link(SubjectRole.ActualController, Listed()))), code, new Basis(CaseA, CourtA, SubjectRole.ActualController));
    }

    [Fact]
    public void Decide_UnitOnlyMeasure_PersonDebtorNotRestricted()
    {
        AssertAllow(Decide("access.construction_qualification", Person(Listed())));
        AssertApplies(Decide("access.construction_qualification", Unit(Listed())), "access.construction_qualification", new Basis(CaseA, CourtA, SubjectRole.Debtor));
    }

    [Fact]
    public void Decide_ConstructionQualificationOfListedUnit_Blocks()
    {
        // 二(四)3: 对其企业资质作出限制.
        Assert.Equal(Decision.Block, Decide("access.construction_qualification", Unit(Listed())).Decision);
    }

    [Fact]
    public void Decide_PersonListedAndOfficerOfListedUnit_NoUnitOnlyMeasureApplies()
    {
        // D(u) reaches unit debtors only: a person is never restricted by it, as debtor or as officer.
        var input = new DecisionInput(true, [Listed(CaseA, CourtA)], [Link(SubjectRole.LegalRepresentative, Listed(CaseB, CourtB))], []);
        var unitOnly = MeasureCatalogue.All.Where(m => (m.Scope & MeasureScope.Debtor) == MeasureScope.UnitDebtor).Select(m => m.Code).ToArray();

        Assert.Equal(["access.construction_qualification"], unitOnly);
        Assert.All(unitOnly, code => AssertAllow(Decide(code, input)));
    }

    [Fact]
    public void Decide_OfficerOfListedUnit_RestrictedByExactlyTheMeasuresTheTextExtendsToOfficers()
    {
        // The items that name 法定代表人、主要负责人、实际控制人、影响债务履行的直接责任人员: 二(三)1, 二(三)7 (sitting
        // deputies), 二(六)1 (real estate) and 二(七)1–6 except the resort quota of 二(七)3, which names the debtor only.
        string[] expected =
        [
            "position.soe_executive", "position.sitting_deputy", "market.real_estate",
            "consumption.rail", "consumption.air", "consumption.hotel", "consumption.venue", "consumption.outbound_tour",
            "consumption.private_school", "consumption.cash_value_insurance", "consumption.housing_vehicle",
        ];
        var officer = Officer(true, Link(SubjectRole.DirectlyResponsible, Listed()));

        var restricted = MeasureCatalogue.All.Where(m => Decide(m.Code, officer).Decision != Decision.Allow).Select(m => m.Code);

        Assert.Equal(expected, restricted);
    }

    [Fact]
    public void Decide_DeputyCandidacy_PersonDebtorBlockedButNotAnOfficerOfAListedUnit()
    {
        // 二(三)7: 失信被执行人为个人的，不作为…候选人 — the bar on candidacy is for a debtor who is a person.
        AssertApplies(Decide("position.deputy_candidate", Person(Listed())), "position.deputy_candidate", new Basis(CaseA, CourtA, SubjectRole.Debtor));
        AssertAllow(Decide("position.deputy_candidate", Officer(true, Link(SubjectRole.LegalRepresentative, Listed()))));
        AssertAllow(Decide("position.deputy_candidate", Unit(Listed())));
    }

    [Fact]
    public void Decide_ResortQuota_LimitsTheDebtorButNotItsOfficers()
    {
        AssertApplies(Decide("consumption.resort_quota", Unit(Listed())), "consumption.resort_quota", new Basis(CaseA, CourtA, SubjectRole.Debtor));
        AssertAllow(Decide("consumption.resort_quota", Officer(true, Link(SubjectRole.LegalRepresentative, Listed()))));
    }

    // ---------------------------------------------------------------- basis

    [Fact]
    public void Decide_Basis_CarriesCaseNumberCourtCodeAndRole()
    {
        var result = Decide(Air, Person(Listed(CaseB, CourtB)));

        var basis = Assert.Single(Assert.Single(result.Measures).Basis);
        Assert.Equal(CaseB, basis.CaseNumber);
        Assert.Equal(CourtB, basis.Court);
        Assert.Equal(SubjectRole.Debtor, basis.As);
    }

    [Fact]
    public void Decide_TwoListedCases_TwoBasisEntriesInCaseOrder()
    {
        var result = Decide(Air, Person(Listed(CaseA, CourtA), Listed(CaseB, CourtB)));

        AssertApplies(result, Air, new Basis(CaseA, CourtA, SubjectRole.Debtor), new Basis(CaseB, CourtB, SubjectRole.Debtor));
    }

    [Fact]
    public void Decide_OneListedAndOneRiskNoticeCase_OnlyTheListedCaseIsBasis()
    {
        var result = Decide(Air, Person(RiskNoticeOnly(CaseA, CourtA), Listed(CaseB, CourtB)));

        AssertApplies(result, Air, new Basis(CaseB, CourtB, SubjectRole.Debtor));
    }

    [Fact]
    public void Decide_DebtorAndOfficer_BothBasesInOrder()
    {
        var input = new DecisionInput(true, [Listed(CaseA, CourtA)], [Link(SubjectRole.LegalRepresentative, Listed(CaseB, CourtB))], []);

        var result = Decide(Air, input);

        AssertApplies(result, Air, new Basis(CaseA, CourtA, SubjectRole.Debtor), new Basis(CaseB, CourtB, SubjectRole.LegalRepresentative));
    }

    [Fact]
    public void Decide_OfficerOfTwoListedUnits_OneBasisPerLink()
    {
        var input = Officer(
            true,
            Link(SubjectRole.LegalRepresentative, Listed(CaseA, CourtA)),
            Link(SubjectRole.DirectlyResponsible, Listed(CaseB, CourtB)));

        var result = Decide(Hotel, input);

        AssertApplies(result, Hotel, new Basis(CaseA, CourtA, SubjectRole.LegalRepresentative), new Basis(CaseB, CourtB, SubjectRole.DirectlyResponsible));
    }

    [Fact]
    public void Decide_ApplicantListedItselfAndThroughTwoRelatedPersons_AllBasesInOrder()
    {
        var input = new DecisionInput(
            false,
            [Listed("C-0", CourtA)],
            [],
            [Related(SubjectRole.Director, Listed("C-1", CourtA), Listed("C-2", CourtB)), Related(SubjectRole.Supervisor, Listed("C-3", CourtB))]);

        var result = Decide("credit.bank_credit", input);

        AssertApplies(
            result,
            "credit.bank_credit",
            new Basis("C-0", CourtA, SubjectRole.Debtor),
            new Basis("C-1", CourtA, SubjectRole.Director),
            new Basis("C-2", CourtB, SubjectRole.Director),
            new Basis("C-3", CourtB, SubjectRole.Supervisor));
    }

    [Fact]
    public void Decide_SameRelatedPersonGivenTwiceInSameRole_BasisNotDuplicated()
    {
        var input = Applicant(false, Related(SubjectRole.Director, Listed()), Related(SubjectRole.Director, Listed()));

        AssertApplies(Decide("honor.awards", input), "honor.awards", new Basis(CaseA, CourtA, SubjectRole.Director));
    }

    [Fact]
    public void Decide_SameRelatedPersonInTwoRoles_OneBasisPerRole()
    {
        var input = Applicant(false, Related(SubjectRole.LegalRepresentative, Listed()), Related(SubjectRole.Director, Listed()));

        AssertApplies(
            Decide("honor.awards", input),
            "honor.awards",
            new Basis(CaseA, CourtA, SubjectRole.LegalRepresentative),
            new Basis(CaseA, CourtA, SubjectRole.Director));
    }

    // ---------------------------------------------------------------- suspension (四(二)4)

    [Fact]
    public void Decide_SuspendedForCheckedMeasure_Allows()
    {
        var listing = Listed() with { Suspensions = [new Suspension(Air, Today.AddDays(-1))] };

        AssertAllow(Decide(Air, Person(listing)));
    }

    [Fact]
    public void Decide_SuspendedForAnotherMeasure_StillApplies()
    {
        var listing = Listed() with { Suspensions = [new Suspension(Hotel, Today.AddDays(-1))] };

        AssertApplies(Decide(Air, Person(listing)), Air, new Basis(CaseA, CourtA, SubjectRole.Debtor));
    }

    [Theory]
    [MemberData(nameof(AllMeasures))]
    public void Decide_SuspendedForAllMeasures_AllowsEveryMeasure(string code)
    {
        var listing = Listed() with { Suspensions = [new Suspension(null, Today.AddDays(-1))] };
        var input = new DecisionInput(
            M(code).Scope.HasFlag(MeasureScope.PersonDebtor),
            [listing],
            [Link(SubjectRole.LegalRepresentative, listing)],
            [Related(SubjectRole.Director, listing)]);

        AssertAllow(Decide(code, input));
    }

    [Fact]
    public void Decide_SuspendedOnOneOfTwoCases_OtherCaseStillApplies()
    {
        var suspended = Listed(CaseA, CourtA) with { Suspensions = [new Suspension(Air, Today)] };

        var result = Decide(Air, Person(suspended, Listed(CaseB, CourtB)));

        AssertApplies(result, Air, new Basis(CaseB, CourtB, SubjectRole.Debtor));
    }

    [Fact]
    public void Decide_AllSuspendedOnOneOfTwoCases_OtherCaseStillApplies()
    {
        var suspended = Listed(CaseA, CourtA) with { Suspensions = [new Suspension(null, Today)] };

        var result = Decide(Air, Person(Listed(CaseB, CourtB), suspended));

        AssertApplies(result, Air, new Basis(CaseB, CourtB, SubjectRole.Debtor));
    }

    [Fact]
    public void Decide_SuspensionOnUnitCase_ReachesItsOfficers()
    {
        var suspended = Listed() with { Suspensions = [new Suspension(Air, Today)] };

        AssertAllow(Decide(Air, Officer(true, Link(SubjectRole.LegalRepresentative, suspended))));
        AssertApplies(Decide(Hotel, Officer(true, Link(SubjectRole.LegalRepresentative, suspended))), Hotel, new Basis(CaseA, CourtA, SubjectRole.LegalRepresentative));
    }

    [Fact]
    public void Decide_SuspensionFromLifecycle_LiftedAgainWhenVerificationConfirmed()
    {
        var listed = Lifecycle(
            Event(CourtEventType.Listed, ListedOn) with { ListedOn = ListedOn, Public = true },
            Event(CourtEventType.VerificationStarted, Today.AddDays(-2)) with { Measure = Air });
        AssertAllow(Decide(Air, Person(listed)));

        var confirmed = Lifecycle(listed, Event(CourtEventType.VerificationClosed, Today) with { Measure = Air, Outcome = VerificationOutcome.Confirmed });

        AssertApplies(Decide(Air, Person(confirmed)), Air, new Basis(CaseA, CourtA, SubjectRole.Debtor));
    }

    // ---------------------------------------------------------------- retention (四(二)5)

    private static readonly DateOnly RetainedUntil = new(2025, 9, 30);

    private static Listing ShieldedWithRetention(ListingStatus status = ListingStatus.Shielded, bool wrongful = false) =>
        Listed() with
        {
            Status = status,
            Wrongful = wrongful,
            Retentions = [new Retention(Air, RetainedUntil, "法律依据", ListedOn.AddDays(10))],
        };

    [Theory]
    [InlineData(ListingStatus.Shielded)]
    [InlineData(ListingStatus.Revoked)]
    public void Decide_RetainedMeasureAfterDelisting_AppliesThroughUntilInclusive(ListingStatus status)
    {
        var listing = ShieldedWithRetention(status);
        var debtor = new Basis(CaseA, CourtA, SubjectRole.Debtor);

        AssertApplies(Decide(Air, Person(listing), today: Today), Air, debtor);
        AssertApplies(Decide(Air, Person(listing), today: RetainedUntil.AddDays(-1)), Air, debtor);
        AssertApplies(Decide(Air, Person(listing), today: RetainedUntil), Air, debtor);
        AssertAllow(Decide(Air, Person(listing), today: RetainedUntil.AddDays(1)));
        AssertAllow(Decide(Air, Person(listing), today: RetainedUntil.AddYears(1)));
    }

    [Fact]
    public void Decide_NonRetainedMeasureAfterShielding_DoesNotApply()
    {
        var listing = ShieldedWithRetention();

        AssertAllow(Decide(Hotel, Person(listing)));
        AssertAllow(Decide(Rail, Person(listing)));
    }

    [Fact]
    public void Decide_RetentionOnWrongfullyRevokedCase_NothingApplies()
    {
        var listing = ShieldedWithRetention(ListingStatus.Revoked, wrongful: true);

        AssertAllow(Decide(Air, Person(listing)));
        AssertAllow(Decide(Air, Person(listing), today: RetainedUntil));
    }

    [Fact]
    public void Decide_RetainedMeasureOnShieldedUnitCase_ReachesOfficers()
    {
        var listing = ShieldedWithRetention();

        AssertApplies(Decide(Air, Officer(true, Link(SubjectRole.Principal, listing))), Air, new Basis(CaseA, CourtA, SubjectRole.Principal));
        AssertAllow(Decide(Air, Officer(true, Link(SubjectRole.Principal, listing)), today: RetainedUntil.AddDays(1)));
    }

    [Fact]
    public void Decide_RetentionFromLifecycle_AppliesUntilDateAndNotAfterWrongfulRevocation()
    {
        var listed = Lifecycle(
            Event(CourtEventType.Listed, ListedOn) with { ListedOn = ListedOn, Public = true },
            Event(CourtEventType.Retained, ListedOn.AddDays(1)) with { Measure = Air, Until = RetainedUntil, Basis = "法律依据" });
        var shielded = Lifecycle(listed, Event(CourtEventType.Shielded, ListedOn.AddDays(20)));

        AssertApplies(Decide(Air, Person(shielded), today: RetainedUntil), Air, new Basis(CaseA, CourtA, SubjectRole.Debtor));
        AssertAllow(Decide(Air, Person(shielded), today: RetainedUntil.AddDays(1)));
        AssertAllow(Decide(Hotel, Person(shielded), today: RetainedUntil));

        var wrongful = Lifecycle(
            listed,
            Event(CourtEventType.CorrectionRequested, ListedOn.AddDays(2)),
            Event(CourtEventType.CorrectionUpheld, ListedOn.AddDays(4)));

        Assert.All(MeasureCatalogue.All, m =>
        {
            AssertAllow(DecisionEngine.Decide(m, Person(wrongful), null, ListedOn.AddDays(5)));
            AssertAllow(DecisionEngine.Decide(m, Unit(wrongful), null, ListedOn.AddDays(5)));
        });
    }

    [Fact]
    public void Decide_ListedCaseWithRetentionAndSuspensionForSameMeasure_SuspensionWinsWhileListed()
    {
        var listing = Listed() with
        {
            Retentions = [new Retention(Air, RetainedUntil, "法律依据", ListedOn)],
            Suspensions = [new Suspension(Air, Today)],
        };

        AssertAllow(Decide(Air, Person(listing)));
    }

    // ---------------------------------------------------------------- rail action through the engine

    [Theory]
    [InlineData("G123", "second", true)]
    [InlineData("G123", "no_seat", true)]
    [InlineData("g123", "second", true)]
    [InlineData("D5", "first", true)]
    [InlineData("D5", "second", false)]
    [InlineData("C7001", "business", true)]
    [InlineData("C7001", "second", false)]
    [InlineData("K1234", "hard_seat", false)]
    [InlineData("K1234", "hard_sleeper", false)]
    [InlineData("K1234", "soft_sleeper", true)]
    [InlineData("T9", "soft_sleeper", true)]
    [InlineData("Z1", "hard_seat", false)]
    [InlineData("1461", "hard_seat", false)]
    [InlineData("1461", "soft_sleeper", true)]
    public void Decide_RailWithAction_BlocksOnlyForbiddenTickets(string train, string seat, bool blocked)
    {
        var action = new RailAction(train, seat);
        var debtor = new Basis(CaseA, CourtA, SubjectRole.Debtor);
        var officer = new Basis(CaseA, CourtA, SubjectRole.LegalRepresentative);

        AssertAppliesIff(blocked, Decide(Rail, Person(Listed()), action), Rail, debtor);
        AssertAppliesIff(blocked, Decide(Rail, Unit(Listed()), action), Rail, debtor);
        AssertAppliesIff(blocked, Decide(Rail, Officer(true, Link(SubjectRole.LegalRepresentative, Listed())), action), Rail, officer);
    }

    [Theory]
    [InlineData("S101", "first", TrainType.Emu, true)]
    [InlineData("S101", "first", null, false)]
    [InlineData("D5", "business", TrainType.Conventional, false)]
    [InlineData("D5", "business", null, true)]
    [InlineData("D5", "soft_sleeper", TrainType.Conventional, true)]
    [InlineData("G123", "second", TrainType.Conventional, true)]
    public void Decide_RailWithStatedTrainType_TypeDecidesForOtherThanG(string train, string seat, TrainType? type, bool blocked)
    {
        var action = new RailAction(train, seat) { TrainType = type };

        AssertAppliesIff(blocked, Decide(Rail, Person(Listed()), action), Rail, new Basis(CaseA, CourtA, SubjectRole.Debtor));
        AssertAppliesIff(blocked, Decide(Rail, Officer(true, Link(SubjectRole.Principal, Listed())), action), Rail, new Basis(CaseA, CourtA, SubjectRole.Principal));
    }

    [Theory]
    [InlineData("G123", "second")]
    [InlineData("K1234", "soft_sleeper")]
    public void Decide_RailForbiddenTicketButUnlistedSubject_Allows(string train, string seat)
    {
        AssertAllow(Decide(Rail, Person(), new RailAction(train, seat)));
        AssertAllow(Decide(Rail, Person(RiskNoticeOnly()), new RailAction(train, seat)));
    }

    [Fact]
    public void Decide_RailWithoutAction_AnswersForTheMeasureAsAWhole()
    {
        AssertApplies(Decide(Rail, Person(Listed())), Rail, new Basis(CaseA, CourtA, SubjectRole.Debtor));
        AssertAllow(Decide(Rail, Person()));
    }

    [Theory]
    [InlineData(Air)]
    [InlineData(Hotel)]
    [InlineData("exit.ban")]
    public void Decide_RailActionOnAnotherMeasure_IsIgnored(string code)
    {
        var allowedTicket = new RailAction("K1234", "hard_seat");

        AssertApplies(Decide(code, Person(Listed()), allowedTicket), code, new Basis(CaseA, CourtA, SubjectRole.Debtor));
    }

    // ---------------------------------------------------------------- lifecycle helpers for end-to-end cases

    private static CourtEvent Event(CourtEventType type, DateOnly on) =>
        new($"{type}-{Guid.NewGuid():N}", type, CourtA, CaseA, PersonRef, on);

    private static Listing Lifecycle(params CourtEvent[] events) => Lifecycle(null, events);

    private static Listing Lifecycle(Listing? start, params CourtEvent[] events)
    {
        var current = start;
        foreach (var e in events)
        {
            var result = ListingLifecycle.Apply(current, e);
            Assert.False(result.IsRejected, result.Rejection);
            current = result.Listing;
        }

        Assert.NotNull(current);
        return current;
    }
}
