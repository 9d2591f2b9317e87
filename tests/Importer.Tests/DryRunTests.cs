using System.Text.Json;
using JointPunishment.Importer.Input;
using JointPunishment.Importer.Progress;
using JointPunishment.Importer.State;
using JointPunishment.Importer.Tests.Fakes;

namespace JointPunishment.Importer.Tests;

/// <summary>
/// <c>--dry-run</c> against a real HTTP server that answers like the gateway and records every request: it lists every
/// bad row by line and field and sends nothing.
/// </summary>
public sealed class DryRunTests : GatewayTest
{
    [Fact]
    public async Task Gb18030Csv_ListsEveryBadRowByLineAndField_SendsNothing_AndExits3()
    {
        var file = CourtFiles.WriteGb18030(Folder, "list.csv", CourtFiles.Csv(
            CourtFiles.GoodRows[0],
            "b1,listed,(2024)京0101执4号,resident_id,1.10105E+17,赵六,,2024/3/1,true,",
            "b2,nonsense,(2024)京0101执5号,passport,E7654321,孙七,,,,",
            CourtFiles.GoodRows[1],
            "b3,listed,(2024)京0101执6号,uscc,91350100M000100Y43,,,2024-03-01,true,boss|resident_id|11010519491231002X|周八",
            "b4,listed,(2024)京0101执7号,passport,E7654321,吴九,,2024-03-01,yes,",
            "b5,verification_closed,(2024)京0101执8号,passport,E7654321,郑十,,,,",
            CourtFiles.GoodRows[2]));

        var run = await DryRunAsync(file, InputEncoding.Resolve("gb18030").Encoding!);

        Assert.Equal(ExitCodes.Invalid, run.Exit);
        Assert.Equal(
            [
                (3, "subject.idNumber"), (3, "listedOn"), (4, "type"), (6, "subject.name"), (6, "officers[0].role"),
                (7, "public"), (8, "outcome"),
            ],
            run.Problems.Select(p => (p.Line, p.Field)));
        Assert.Contains("line 3: listedOn: '2024/3/1' is not a date YYYY-MM-DD", run.Error, StringComparison.Ordinal);
        Assert.Contains("line 6: officers[0].role: must be one of: legal_representative", run.Error, StringComparison.Ordinal);
        Assert.Equal(5, run.Summary.GetProperty("invalid").GetInt64());
        Assert.Equal(3, run.Summary.GetProperty("valid").GetInt64());
        Assert.Equal(0, run.Summary.GetProperty("sent").GetInt64());
        Assert.True(run.Summary.GetProperty("dryRun").GetBoolean());

        Assert.Empty(Gateway.Requests);
        Assert.False(File.Exists(StateFile.DefaultPathFor(file)));
    }

    [Fact]
    public async Task JsonLines_ListsBrokenJsonAndBadFields_AndAGoodFileExits0()
    {
        var file = Folder.Write("events.jsonl", string.Join('\n',
            Events.Line("j1"),
            "{\"eventId\":\"j2\",",
            """{"eventId":"j3","type":"listed","caseNumber":"C-3","subject":{"idType":"resident_id","idNumber":"110105194912310021","name":"张三"},"listedOn":"2024-03-01","public":true}""",
            """{"eventId":"j4","type":"risk_notice","caseNumber":"C-4"}""") + "\n");
        var good = Folder.Write("good.jsonl", Events.Lines(3));

        var bad = await DryRunAsync(file, System.Text.Encoding.UTF8);
        var clean = await DryRunAsync(good, System.Text.Encoding.UTF8);

        Assert.Equal(ExitCodes.Invalid, bad.Exit);
        Assert.Equal([(2, null), (3, "subject.idNumber"), (4, "subject")], bad.Problems.Select(p => (p.Line, p.Field)));
        Assert.Equal(ExitCodes.Done, clean.Exit);
        Assert.Empty(clean.Problems);
        Assert.Equal(3, clean.Summary.GetProperty("valid").GetInt64());
        Assert.Empty(Gateway.Requests);
    }

    private async Task<(int Exit, JsonElement Summary, string Error, List<(long Line, string? Field)> Problems)> DryRunAsync(string file, System.Text.Encoding encoding)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var options = new ImportOptions(Gateway.Url, FakeCourtGateway.Key, file, ImportOptions.FormatFor(file))
        {
            Encoding = encoding,
            DryRun = true,
            Progress = ProgressMode.Lines,
        };

        var exit = await new ImportRunner(options, output, error).RunAsync();

        var summary = JsonDocument.Parse(Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement.Clone();
        var problems = summary.GetProperty("invalidRecords").EnumerateArray()
            .Select(p => (p.GetProperty("line").GetInt64(), p.TryGetProperty("field", out var f) ? f.GetString() : null)).ToList();
        return (exit, summary, error.ToString(), problems);
    }
}
