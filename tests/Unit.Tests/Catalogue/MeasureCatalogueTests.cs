using JointPunishment.Grains.Domain.Catalogue;

namespace JointPunishment.Unit.Tests.Catalogue;

public sealed class MeasureCatalogueTests
{
    /// <summary>The rows of DOMAIN.md "Measure catalogue (二)", in table order: code, ref, effect wire name, scope notation.</summary>
    public static TheoryData<string, string, string, string> DomainRows => new()
    {
        { "finance.institution_setup", "二(一)1", "reference", "D" },
        { "finance.guarantee_insurance_setup", "二(一)1", "prohibit", "D" },
        { "finance.bond_interbank", "二(一)2", "strict_review", "D" },
        { "finance.bond_public", "二(一)2", "prohibit", "D" },
        { "finance.investor_quota", "二(一)3", "reference", "D" },
        { "finance.equity_incentive", "二(一)4", "prohibit", "D" },
        { "finance.stock_issuance", "二(一)5", "reference", "D" },
        { "org.social_org_setup", "二(一)6", "prohibit", "D" },
        { "procurement.government", "二(一)7", "prohibit", "D" },
        { "procurement.construction_bidding", "二(一)8", "prohibit", "D" },
        { "support.subsidy", "二(二)1", "prohibit", "D" },
        { "support.policy", "二(二)2", "reference", "D +A" },
        { "position.soe_executive", "二(三)1", "prohibit", "D(p) +O" },
        { "position.public_institution_rep", "二(三)2", "prohibit", "D(p)" },
        { "position.financial_executive", "二(三)3", "prohibit", "D(p)" },
        { "position.social_org_head", "二(三)4", "prohibit", "D(p)" },
        { "position.civil_servant", "二(三)5", "prohibit", "D(p)" },
        { "position.serving_staff", "二(三)5", "reference", "D(p)" },
        { "position.party_membership", "二(三)6", "reference", "D(p)" },
        { "position.deputy_candidate", "二(三)7", "prohibit", "D(p)" },
        { "position.sitting_deputy", "二(三)7", "reference", "D(p) +O" },
        { "position.military_service", "二(三)8", "reference", "D(p)" },
        { "access.customs_certification", "二(四)1", "prohibit", "D" },
        { "access.customs_clearance", "二(四)1", "strict_review", "D" },
        { "access.food_drug", "二(四)2", "strict_review", "D" },
        { "access.restricted_industry", "二(四)2", "prohibit", "D" },
        { "access.construction_qualification", "二(四)3", "prohibit", "D(u)" },
        { "honor.awards", "二(五)1", "prohibit", "D +A" },
        { "honor.lawyer", "二(五)2", "prohibit", "D" },
        { "credit.bank_credit", "二(五)3", "strict_review", "D +A" },
        { "market.real_estate", "二(六)1", "prohibit", "D +O" },
        { "market.resource_development", "二(六)1", "prohibit", "D" },
        { "market.state_assets", "二(六)1", "prohibit", "D" },
        { "market.state_forest", "二(六)2", "prohibit", "D" },
        { "market.grassland", "二(六)3", "prohibit", "D" },
        { "market.natural_resources", "二(六)4", "prohibit", "D" },
        { "consumption.rail", "二(七)1", "prohibit", "D +O" },
        { "consumption.air", "二(七)1", "prohibit", "D +O" },
        { "consumption.hotel", "二(七)2", "prohibit", "D +O" },
        { "consumption.venue", "二(七)2", "prohibit", "D +O" },
        { "consumption.outbound_tour", "二(七)3", "prohibit", "D +O" },
        { "consumption.resort_quota", "二(七)3", "quota", "D" },
        { "consumption.private_school", "二(七)4", "prohibit", "D +O" },
        { "consumption.cash_value_insurance", "二(七)5", "prohibit", "D +O" },
        { "consumption.housing_vehicle", "二(七)6", "prohibit", "D +O" },
        { "exit.ban", "二(八)", "prohibit", "D(p)" },
        { "assist.public_security", "二(八)", "assist", "D" },
        { "assist.financial_products", "二(九)1", "assist", "D" },
        { "assist.civil_affairs", "二(九)2", "assist", "D(p)" },
        { "assist.housing_fund", "二(九)3", "assist", "D(p)" },
        { "supervision.key_target", "二(十)", "supervise", "D +A" },
    };

    [Fact]
    public void All_ComparedWithDomainTable_HasExactlyTheseRowsInOrder()
    {
        var expected = DomainRows.Select(row => ((string)row[0], (string)row[1], (string)row[2], (string)row[3])).ToArray();
        var actual = MeasureCatalogue.All.Select(m => (m.Code, m.Ref, m.EffectWire, m.ScopeNotation)).ToArray();

        Assert.Equal(51, MeasureCatalogue.All.Length);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(DomainRows))]
    public void TryGet_DomainCode_ReturnsMeasureWithDomainValues(string code, string reference, string effect, string scope)
    {
        Assert.True(MeasureCatalogue.TryGet(code, out var measure));
        Assert.Equal(code, measure.Code);
        Assert.Equal(reference, measure.Ref);
        Assert.Equal(effect, measure.EffectWire);
        Assert.Equal(scope, measure.ScopeNotation);
    }

    [Fact]
    public void Codes_AllMeasures_AreUniqueAndInCatalogueOrder()
    {
        var codes = MeasureCatalogue.Codes;

        Assert.Equal(codes.Length, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(MeasureCatalogue.All.Select(m => m.Code), codes);
    }

    [Fact]
    public void Codes_CallerMutatesResult_CatalogueIsUnchanged()
    {
        var codes = MeasureCatalogue.Codes;
        codes[0] = "tampered";

        Assert.Equal("finance.institution_setup", MeasureCatalogue.Codes[0]);
    }

    [Fact]
    public void TryGet_EveryCatalogueCode_ReturnsSameInstance()
    {
        foreach (var measure in MeasureCatalogue.All)
        {
            Assert.True(MeasureCatalogue.TryGet(measure.Code, out var found));
            Assert.Same(measure, found);
        }
    }

    [Theory]
    [InlineData("consumption.unknown")]
    [InlineData("")]
    [InlineData("Consumption.Rail")]
    [InlineData("CONSUMPTION.RAIL")]
    [InlineData(" consumption.rail")]
    [InlineData("consumption.rail ")]
    public void TryGet_UnknownOrDifferentlyCasedCode_ReturnsFalse(string code)
    {
        Assert.False(MeasureCatalogue.TryGet(code, out var measure));
        Assert.Null(measure);
    }

    [Fact]
    public void All_EveryMeasure_HasNonEmptyTitles()
    {
        Assert.All(MeasureCatalogue.All, m =>
        {
            Assert.False(string.IsNullOrWhiteSpace(m.TitleZh), m.Code);
            Assert.False(string.IsNullOrWhiteSpace(m.TitleEn), m.Code);
        });
    }

    [Fact]
    public void All_EveryMeasure_HasNonEmptyDistinctAgencyNames()
    {
        Assert.All(MeasureCatalogue.All, m =>
        {
            Assert.False(m.ResponsibleAgencies.IsDefault, m.Code);
            Assert.All(m.ResponsibleAgencies, a => Assert.False(string.IsNullOrWhiteSpace(a), m.Code));
            Assert.Equal(m.ResponsibleAgencies.Length, m.ResponsibleAgencies.Distinct(StringComparer.Ordinal).Count());
        });
    }

    [Fact]
    public void ConsumptionRail_TextItem_IsProhibitForDebtorAndOfficersWithRailwayAgency()
    {
        Assert.True(MeasureCatalogue.TryGet("consumption.rail", out var rail));

        Assert.Equal("prohibit", rail.EffectWire);
        Assert.Equal("D +O", rail.ScopeNotation);
        Assert.Contains("兰州铁路局银川办事处", rail.ResponsibleAgencies);
    }

    [Fact]
    public void ConstructionQualification_TextRestrictsTheEnterprisesQualification_IsProhibitForUnitsOnly()
    {
        // 二(四)3: 对其企业资质作出限制 — a restriction, of an enterprise.
        Assert.True(MeasureCatalogue.TryGet("access.construction_qualification", out var measure));

        Assert.Equal("prohibit", measure.EffectWire);
        Assert.Equal("D(u)", measure.ScopeNotation);
    }

    [Fact]
    public void ResortQuota_TextNamesTheDebtorOnly_DoesNotReachOfficers()
    {
        // 二(七)3: the outbound-tour ban names the officers; 对失信被执行人…实行限额控制 does not.
        Assert.True(MeasureCatalogue.TryGet("consumption.resort_quota", out var quota));
        Assert.True(MeasureCatalogue.TryGet("consumption.outbound_tour", out var tour));

        Assert.Equal("D", quota.ScopeNotation);
        Assert.Equal("D +O", tour.ScopeNotation);
    }

    [Fact]
    public void DeputyItem_CandidacyOnlyForPersonDebtors_SittingDeputiesAlsoAsOfficers()
    {
        // 二(三)7: 失信被执行人为个人的，不作为…候选人; 失信被执行人或其法定代表人…为党代表…的，…依法依规进行处理.
        Assert.True(MeasureCatalogue.TryGet("position.deputy_candidate", out var candidate));
        Assert.True(MeasureCatalogue.TryGet("position.sitting_deputy", out var sitting));

        Assert.Equal(("prohibit", "D(p)"), (candidate.EffectWire, candidate.ScopeNotation));
        Assert.Equal(("reference", "D(p) +O"), (sitting.EffectWire, sitting.ScopeNotation));
    }

    [Fact]
    public void ServingStaff_TextMakesListingAReferenceForEvaluation_BesideTheRecruitmentBan()
    {
        // 二(三)5: 限制招录（聘）…; 在职…被确定为失信被执行人的，失信情况应作为其评先、评优、晋职晋级的参考.
        Assert.True(MeasureCatalogue.TryGet("position.civil_servant", out var recruitment));
        Assert.True(MeasureCatalogue.TryGet("position.serving_staff", out var serving));

        Assert.Equal(("prohibit", "D(p)"), (recruitment.EffectWire, recruitment.ScopeNotation));
        Assert.Equal(("reference", "D(p)", "二(三)5"), (serving.EffectWire, serving.ScopeNotation, serving.Ref));
    }
}
