extern alias importer;

using System.Text;
using System.Text.Json;
using importer::JointPunishment.Importer.Input;
using JointPunishment.Gateway.Apis;
using JointPunishment.Gateway.Validation;
using JointPunishment.Grains.Wire;

namespace JointPunishment.Integration.Tests.Contract;

/// <summary>
/// The importer's dry run (<c>EventCheck</c>) and the gateway (<see cref="CourtEventReader"/>) judge the same events the
/// same way for what the dry run claims to check: an event the dry run passes the gateway reads, and every field the
/// dry run faults the gateway faults too. Guards the dry run against drifting from the contract the gateway enforces.
/// </summary>
public sealed class DryRunAgreementTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);

    private const string Person = """{"idType":"resident_id","idNumber":"11010519491231002X","name":"张三"}""";
    private const string Unit = """{"idType":"uscc","idNumber":"91350100M000100Y43","name":"福建某某贸易有限公司"}""";

    public static TheoryData<string> Events() =>
    [
        // Valid events of each shape.
        $$"""{"eventId":"v1","type":"risk_notice","caseNumber":"C-1","subject":{{Person}}}""",
        $$"""{"eventId":"v2","type":"listed","caseNumber":"C-1","subject":{{Person}},"on":"2024-03-01","listedOn":"2024-03-01","public":true}""",
        $$"""{"eventId":"v3","type":"listed","caseNumber":"C-1","subject":{{Unit}},"listedOn":"2024-03-01","servedOn":"2024-03-04","public":false,"officers":[{"role":"legal_representative","idType":"passport","idNumber":"E12345678","name":"Li Si"}]}""",
        $$"""{"eventId":"v4","type":"verification_closed","caseNumber":"C-1","subject":{{Person}},"outcome":"revoked"}""",
        $$"""{"eventId":"v5","type":"retained","caseNumber":"C-1","subject":{{Person}},"measure":"consumption.rail","until":"2027-01-01","basis":"判决"}""",
        $$"""{"eventId":"v6","type":"reconsideration_decided","caseNumber":"C-1","subject":{{Person}},"outcome":"dismissed"}""",
        """{"eventId":"v7","type":"performed","caseNumber":"C-1","subject":{"idType":"org_code","idNumber":"12345678-8","name":"某机关"} }""",

        // What Excel and hand-made lists typically break.
        $$"""{"type":"risk_notice","caseNumber":"C-1","subject":{{Person}}}""",
        $$"""{"eventId":"b2","type":"nonsense","caseNumber":"C-1","subject":{{Person}}}""",
        """{"eventId":"b3","type":"risk_notice","caseNumber":"C-1"}""",
        """{"eventId":"b4","type":"risk_notice","caseNumber":"C-1","subject":{"idType":"id_card","idNumber":"11010519491231002X","name":"张三"}}""",
        """{"eventId":"b5","type":"risk_notice","caseNumber":"C-1","subject":{"idType":"resident_id","idNumber":"1.10105E+17","name":"张三"}}""",
        """{"eventId":"b6","type":"risk_notice","caseNumber":"C-1","subject":{"idType":"resident_id","idNumber":"110105194912310021","name":"张三"}}""",
        """{"eventId":"b7","type":"risk_notice","caseNumber":"C-1","subject":{"idType":"passport","idNumber":"E12345678"}}""",
        $$"""{"eventId":"b8","type":"listed","caseNumber":"C-1","subject":{{Person}},"listedOn":"2024/3/1","public":true}""",
        $$"""{"eventId":"b9","type":"listed","caseNumber":"C-1","subject":{{Person}},"listedOn":"2024-03-01","public":"yes"}""",
        $$"""{"eventId":"b10","type":"listed","caseNumber":"C-1","subject":{{Person}},"public":true}""",
        $$"""{"eventId":"b11","type":"verification_closed","caseNumber":"C-1","subject":{{Person}}}""",
        $$"""{"eventId":"b12","type":"verification_closed","caseNumber":"C-1","subject":{{Person}},"outcome":"maybe"}""",
        $$"""{"eventId":"b13","type":"listed","caseNumber":"C-1","subject":{{Unit}},"listedOn":"2024-03-01","public":true,"officers":[{"role":"boss","idType":"passport","idNumber":"E12345678","name":"Li Si"}]}""",
        $$"""{"eventId":"b14","type":"retained","caseNumber":"C-1","subject":{{Person}},"measure":"consumption.rail","until":"2027-01-01"}""",
        $$"""{"eventId":"b15","type":"risk_notice","caseNumber":"","subject":{{Person}}}""",
        $$"""{"eventId":"b16","type":"risk_notice","caseNumber":"C-1","subject":{{Person}},"on":"01.03.2024"}""",
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void DryRun_AndGateway_AgreeOnTheFieldsTheDryRunChecks(string json)
    {
        var problems = EventCheck.Check(Encoding.UTF8.GetBytes(json), Today);
        using var document = JsonDocument.Parse(json);
        var (_, read, error) = CourtEventReader.Read(document.RootElement, "court", Today);

        if (problems.Count == 0)
        {
            Assert.True(read is not null, $"the dry run passes what the gateway refuses: {error}");
        }
        else
        {
            Assert.True(error is not null, $"the dry run faults what the gateway reads: {string.Join("; ", problems)}");
            Assert.All(problems, p => Assert.Contains(p.Field + ":", error, StringComparison.Ordinal));
        }
    }
}
