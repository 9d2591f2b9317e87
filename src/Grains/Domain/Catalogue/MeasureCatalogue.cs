using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Domain.Catalogue;

/// <summary>
/// The catalogue of joint-punishment measures (DOMAIN.md "Measure catalogue (二)"; policy text section 二), in table order.
/// </summary>
/// <remarks>
/// Responsible units are transcribed from the "责任单位" note of each item; where the text lists several units under one
/// shared prefix (e.g. "宁夏银监局、证监局、保监局", "自治区财政厅、国资委"), the prefix is written out on each name.
/// Items the text gives one note for (e.g. 二(一)1) share that note across all measures drawn from the item.
/// </remarks>
public static class MeasureCatalogue
{
    private const MeasureScope D = MeasureScope.Debtor;
    private const MeasureScope DP = MeasureScope.PersonDebtor;
    private const MeasureScope DU = MeasureScope.UnitDebtor;
    private const MeasureScope O = MeasureScope.Officers;
    private const MeasureScope A = MeasureScope.Applicant;

    /// <summary>Every measure, in DOMAIN.md table order.</summary>
    public static ImmutableArray<Measure> All { get; } =
    [
        // 二(一) 从事特定行业或项目限制
        new(
            "finance.institution_setup", "二(一)1", Effect.Reference, D,
            "设立银行业金融机构及其分支机构，参股、收购银行业金融机构，设立证券公司、基金管理公司、期货公司，私募投资基金管理人登记",
            "set up / take stakes in banks; securities, fund, futures companies; private fund manager registration",
            ["宁夏银监局", "宁夏证监局", "宁夏保监局"]),
        new(
            "finance.guarantee_insurance_setup", "二(一)1", Effect.Prohibit, D,
            "设立融资性担保公司、保险公司",
            "set up financing-guarantee or insurance companies",
            ["宁夏银监局", "宁夏证监局", "宁夏保监局"]),
        new(
            "finance.bond_interbank", "二(一)2", Effect.StrictReview, D,
            "在银行间市场发行债券",
            "issue bonds on the interbank market",
            ["人行银川中心支行", "自治区发展改革委", "宁夏证监局"]),
        new(
            "finance.bond_public", "二(一)2", Effect.Prohibit, D,
            "公开发行公司债券",
            "publicly issue corporate bonds",
            ["人行银川中心支行", "自治区发展改革委", "宁夏证监局"]),
        new(
            "finance.investor_quota", "二(一)3", Effect.Reference, D,
            "合格境外机构投资者、合格境内机构投资者额度审批和管理",
            "QFII / QDII quota approval",
            ["人行银川中心支行"]),
        new(
            "finance.equity_incentive", "二(一)4", Effect.Prohibit, D,
            "境内国有控股上市公司股权激励计划；股权激励对象的行权资格",
            "state-controlled listed company's equity incentive plan; a person's right to exercise",
            ["自治区国资委", "自治区财政厅"]),
        new(
            "finance.stock_issuance", "二(一)5", Effect.Reference, D,
            "股票发行和在全国中小企业股份转让系统挂牌公开转让股票",
            "issue stock; list on the national SME share transfer system",
            ["宁夏证监局"]),
        new(
            "org.social_org_setup", "二(一)6", Effect.Prohibit, D,
            "发起设立社会组织",
            "found a social organisation",
            ["自治区民政厅"]),
        new(
            "procurement.government", "二(一)7", Effect.Prohibit, D,
            "作为供应商参加政府采购活动；参与政府投资项目或主要使用财政性资金项目",
            "supplier in government procurement; government-invested or fiscally funded projects",
            ["自治区财政厅", "自治区发展改革委"]),
        new(
            "procurement.construction_bidding", "二(一)8", Effect.Prohibit, D,
            "参与工程建设项目的投标活动、招标代理活动、评标活动、招标从业活动",
            "bidder, bidding agent, bid-evaluation expert or practitioner in construction tenders",
            ["自治区住房城乡建设厅"]),

        // 二(二) 政府支持或补贴限制
        new(
            "support.subsidy", "二(二)1", Effect.Prohibit, D,
            "申请政府补贴资金和社会保障资金支持",
            "government subsidies and social-security fund support",
            ["自治区发展改革委", "自治区财政厅", "自治区人力资源社会保障厅", "自治区民政厅"]),
        new(
            "support.policy", "二(二)2", Effect.Reference, D | A,
            "享受投资、进出口、科技等政策支持",
            "investment, import/export, science and technology policy support",
            ["自治区发展改革委", "自治区财政厅", "自治区科技厅", "自治区国税局", "自治区地税局"]),

        // 二(三) 任职资格限制
        new(
            "position.soe_executive", "二(三)1", Effect.Prohibit, DP | O,
            "担任国有独资公司、国有资本控股公司董事、监事、高级管理人员，以及国有资本参股公司国有股权方派出或推荐的董事、监事、高级管理人员",
            "director, supervisor, senior manager of state-owned enterprises",
            ["自治区党委组织部", "自治区财政厅", "自治区国资委"]),
        new(
            "position.public_institution_rep", "二(三)2", Effect.Prohibit, DP,
            "登记为事业单位法定代表人",
            "legal representative of a public institution",
            ["自治区编办"]),
        new(
            "position.financial_executive", "二(三)3", Effect.Prohibit, DP,
            "担任银行业金融机构、证券公司、基金管理公司、期货公司、保险公司、融资性担保公司的董事、监事、高级管理人员",
            "director, supervisor, senior manager of financial institutions",
            ["自治区财政厅", "自治区工商局", "宁夏银监局", "宁夏证监局", "宁夏保监局"]),
        new(
            "position.social_org_head", "二(三)4", Effect.Prohibit, DP,
            "登记或备案为社会组织负责人",
            "head of a social organisation",
            ["自治区民政厅"]),
        new(
            "position.civil_servant", "二(三)5", Effect.Prohibit, DP,
            "招录（聘）为公务员或事业单位工作人员",
            "recruitment as civil servant or public-institution staff",
            ["自治区党委组织部", "自治区人力资源社会保障厅"]),
        new(
            "position.serving_staff", "二(三)5", Effect.Reference, DP,
            "在职公务员或事业单位工作人员被确定为失信被执行人的，失信情况作为其评先、评优、晋职晋级的参考",
            "serving civil servants and staff: evaluation, promotion",
            ["自治区党委组织部", "自治区人力资源社会保障厅"]),
        new(
            "position.party_membership", "二(三)6", Effect.Reference, DP,
            "申请加入中国共产党、预备党员转为正式党员以及不合格党员认定、党员评先、评优、晋职晋级",
            "Party admission and evaluation",
            ["自治区党委组织部"]),
        new(
            "position.deputy_candidate", "二(三)7", Effect.Prohibit, DP,
            "失信被执行人为个人的，不作为组织推荐的各级党代会代表、各级人大代表和政协委员候选人",
            "nomination for Party congress, people's congress, CPPCC (only a debtor who is a person)",
            ["自治区党委组织部"]),
        new(
            "position.sitting_deputy", "二(三)7", Effect.Reference, DP | O,
            "失信被执行人或其法定代表人、主要负责人、实际控制人、影响债务履行的直接责任人员为党代表、人大代表和政协委员的，由相应的党组织、人大、政协依法依规进行处理",
            "a sitting deputy or CPPCC member who is listed or an officer of a listed unit: the body concerned handles it",
            ["自治区党委组织部"]),
        new(
            "position.military_service", "二(三)8", Effect.Reference, DP,
            "入伍服役和现役、预备役军官评先、评优、晋职晋级",
            "enlistment; officer evaluation",
            ["自治区国防动员委员会", "宁夏军区", "武警宁夏总队"]),

        // 二(四) 准入资格限制
        new(
            "access.customs_certification", "二(四)1", Effect.Prohibit, D,
            "成为海关认证企业",
            "customs-certified enterprise status",
            ["银川海关"]),
        new(
            "access.customs_clearance", "二(四)1", Effect.StrictReview, D,
            "办理通关业务（严密监管，加强单证审核或布控查验）",
            "customs clearance: document review, inspection",
            ["银川海关"]),
        new(
            "access.food_drug", "二(四)2", Effect.StrictReview, D,
            "从事食品药品安全行业",
            "food and drug safety approvals",
            ["自治区食药监局", "自治区经济和信息化委", "自治区工商局", "自治区质监局", "自治区安监局"]),
        new(
            "access.restricted_industry", "二(四)2", Effect.Prohibit, D,
            "获得烟草、消防等行业特许经营；从事危险化学品生产经营储存、烟花爆竹生产经营、矿山生产和安全评价、认证、检测、检验等行业；担任上述行业单位主要负责人及董事、监事、高级管理人员",
            "tobacco and fire-safety franchises, hazardous chemicals, fireworks, mining, safety evaluation and testing; and senior posts in such units",
            ["自治区食药监局", "自治区经济和信息化委", "自治区工商局", "自治区质监局", "自治区安监局"]),
        new(
            "access.construction_qualification", "二(四)3", Effect.Prohibit, DU,
            "房地产、建筑企业、消防技术服务机构：对其企业资质作出限制",
            "real-estate, construction and fire-service enterprise qualification",
            ["自治区住房城乡建设厅", "自治区国土资源厅", "自治区公安厅"]),

        // 二(五) 荣誉和授信限制
        new(
            "honor.awards", "二(五)1", Effect.Prohibit, D | A,
            "授予文明城市、文明村镇、文明单位、平安先进单位、文明家庭、道德模范、慈善类奖项",
            "civilised / safe unit, moral model, charity awards (honours won after listing are revoked)",
            ["自治区党委宣传部", "自治区民政厅"]),
        new(
            "honor.lawyer", "二(五)2", Effect.Prohibit, D,
            "律师、律师事务所在一定期限内参与评先、评优",
            "lawyer and law-firm excellence awards, for a period",
            ["自治区司法厅"]),
        new(
            "credit.bank_credit", "二(五)3", Effect.StrictReview, D | A,
            "银行业金融机构融资授信",
            "bank credit granting",
            ["人行银川中心支行", "宁夏银监局"]),

        // 二(六) 特殊市场交易限制
        new(
            "market.real_estate", "二(六)1", Effect.Prohibit, D | O,
            "购买或取得房产、土地使用权等不动产",
            "buy or acquire housing, land-use rights",
            ["自治区国土资源厅", "自治区住房城乡建设厅", "自治区财政厅", "自治区国资委"]),
        new(
            "market.resource_development", "二(六)1", Effect.Prohibit, D,
            "从事土地、矿产等不动产资源开发利用",
            "develop land or mineral resources",
            ["自治区国土资源厅", "自治区住房城乡建设厅", "自治区财政厅", "自治区国资委"]),
        new(
            "market.state_assets", "二(六)1", Effect.Prohibit, D,
            "参与国有企业资产、国家资产等国有产权交易",
            "state-owned property transactions",
            ["自治区国土资源厅", "自治区住房城乡建设厅", "自治区财政厅", "自治区国资委"]),
        new(
            "market.state_forest", "二(六)2", Effect.Prohibit, D,
            "申报使用国有林地项目；申报重点林业建设项目",
            "state forest land; key forestry projects",
            ["自治区发展改革委", "自治区林业厅"]),
        new(
            "market.grassland", "二(六)3", Effect.Prohibit, D,
            "申报草场征占用项目；申报承担草场保护建设项目",
            "grassland occupation; grassland protection projects",
            ["自治区发展改革委", "自治区农牧厅", "自治区国土资源厅"]),
        new(
            "market.natural_resources", "二(六)4", Effect.Prohibit, D,
            "申报水流、海域、无居民海岛、山岭、荒地、滩涂等国有自然资源利用项目以及重点自然资源保护建设项目",
            "water, sea areas, islands, mountains, wasteland, tidal flats",
            ["自治区发展改革委", "自治区农牧厅", "自治区水利厅", "自治区国土资源厅"]),

        // 二(七) 限制高消费及有关消费
        new(
            "consumption.rail", "二(七)1", Effect.Prohibit, D | O,
            "乘坐列车软卧、G字头动车组列车全部座位、其他动车组列车一等以上座位",
            "soft sleeper; every seat on G trains; first class and above on other EMU trains (D, C)",
            ["自治区交通运输厅", "民航宁夏监管局", "兰州铁路局银川办事处"]),
        new(
            "consumption.air", "二(七)1", Effect.Prohibit, D | O,
            "乘坐民航飞机",
            "civil aviation flights",
            ["自治区交通运输厅", "民航宁夏监管局", "兰州铁路局银川办事处"]),
        new(
            "consumption.hotel", "二(七)2", Effect.Prohibit, D | O,
            "住宿星级以上宾馆饭店、国家一级以上酒店及其他高消费住宿场所",
            "star-rated and first-class hotels, other high-end lodging",
            ["自治区旅游发展委", "自治区商务厅", "自治区公安厅", "自治区文化厅"]),
        new(
            "consumption.venue", "二(七)2", Effect.Prohibit, D | O,
            "在夜总会、高尔夫球场等高消费场所消费",
            "nightclubs, golf courses and similar venues",
            ["自治区旅游发展委", "自治区商务厅", "自治区公安厅", "自治区文化厅"]),
        new(
            "consumption.outbound_tour", "二(七)3", Effect.Prohibit, D | O,
            "参加旅行社组织的团队出境旅游，以及享受旅行社提供的与出境旅游相关的其他服务",
            "outbound group tours and related services",
            ["自治区旅游发展委"]),
        new(
            "consumption.resort_quota", "二(七)3", Effect.Quota, D,
            "在获得旅游等级评定的度假区内或旅游企业内消费实行限额控制",
            "spending in rated resorts and tourism enterprises",
            ["自治区旅游发展委"]),
        new(
            "consumption.private_school", "二(七)4", Effect.Prohibit, D | O,
            "以其财产支付子女入学就读高收费私立学校",
            "paying high-fee private schools for children",
            ["自治区教育厅"]),
        new(
            "consumption.cash_value_insurance", "二(七)5", Effect.Prohibit, D | O,
            "支付高额保费购买具有现金价值的保险产品",
            "high-premium cash-value insurance",
            ["宁夏保监局"]),
        new(
            "consumption.housing_vehicle", "二(七)6", Effect.Prohibit, D | O,
            "新建、扩建、高档装修房屋，申请宅基地、购买保障性住房，购买非经营必需车辆",
            "build, extend or luxuriously fit out housing; homestead; affordable housing; non-essential vehicles",
            ["自治区住房城乡建设厅", "自治区国土资源厅", "自治区公安厅"]),

        // 二(八) 协助查询、控制及出境限制
        new(
            "exit.ban", "二(八)", Effect.Prohibit, DP,
            "出境",
            "leaving the country",
            ["自治区公安厅"]),
        new(
            "assist.public_security", "二(八)", Effect.Assist, D,
            "协助查询身份、出入境证件信息及车辆信息，协助查找、查封、扣押名下车辆，协助查找、控制下落不明的失信被执行人",
            "identity, travel documents, vehicles (find, seize), locating the debtor",
            ["自治区公安厅"]),

        // 二(九) 协助查询、控制等特定事项
        new(
            "assist.financial_products", "二(九)1", Effect.Assist, D,
            "协助查询保管箱、金融理财产品、保险产品等非传统型财产产品信息",
            "safe-deposit boxes, wealth-management and insurance products",
            ["宁夏银监局", "宁夏保监局"]),
        new(
            "assist.civil_affairs", "二(九)2", Effect.Assist, DP,
            "协助查询婚姻登记信息、城乡居民最低生活保障和特困人员救助供养情况信息、地址门牌信息",
            "marriage registration, subsistence allowance, address",
            ["自治区民政厅"]),
        new(
            "assist.housing_fund", "二(九)3", Effect.Assist, DP,
            "协助查询、控制、提取住房公积金",
            "housing provident fund: query, freeze, transfer",
            ["自治区住房城乡建设厅"]),

        // 二(十) 加强日常监管检查
        new(
            "supervision.key_target", "二(十)", Effect.Supervise, D | A,
            "作为重点监管对象，提高随机抽查的比例和频次",
            "key supervision target, raised random-inspection rate",
            ["自治区各市场监管部门", "自治区各行业主管部门"]),
    ];

    private static readonly FrozenDictionary<string, Measure> ByCode =
        All.ToFrozenDictionary(m => m.Code, StringComparer.Ordinal);

    /// <summary>The codes of every measure, in catalogue order (a fresh array on each call).</summary>
    public static string[] Codes => [.. All.Select(m => m.Code)];

    /// <summary>Looks a measure up by its exact, case-sensitive code.</summary>
    /// <param name="code">The measure code, e.g. <c>consumption.rail</c>.</param>
    /// <param name="measure">The measure when found; otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the code is in the catalogue.</returns>
    public static bool TryGet(string code, [MaybeNullWhen(false)] out Measure measure)
    {
        ArgumentNullException.ThrowIfNull(code);
        return ByCode.TryGetValue(code, out measure);
    }
}
