using System.Text;
using JointPunishment.Importer.Http;
using JointPunishment.Importer.Input;
using JointPunishment.Importer.Progress;
using JointPunishment.Importer.Tests.Fakes;

namespace JointPunishment.Importer.Tests;

/// <summary>A GB18030 file, as Excel on a Chinese Windows saves a CSV, imported against a real HTTP server that answers like the gateway.</summary>
public sealed class EncodingTests : GatewayTest
{
    [Fact]
    public async Task Gb18030Csv_WithItsEncoding_SendsTheChineseNamesAsWritten()
    {
        var file = CourtFiles.WriteGb18030(Folder, "list.csv", CourtFiles.Csv(CourtFiles.GoodRows));
        Assert.NotEqual(Encoding.UTF8.GetBytes(CourtFiles.GoodNames[0]), CourtFiles.Gb18030.GetBytes(CourtFiles.GoodNames[0]));

        var exit = await RunAsync(file, InputEncoding.Resolve("gb18030").Encoding!);

        Assert.Equal(ExitCodes.Done, exit);
        var request = Assert.Single(Gateway.Answered());
        Assert.Equal(["g1", "g2", "g3"], request.EventIds);
        Assert.Equal(CourtFiles.GoodNames, request.Names);
    }

    [Fact]
    public async Task Gb18030Csv_ReadAsUtf8_SendsNoGarbledName_AndSaysWhichEncodingToPass()
    {
        var file = CourtFiles.WriteGb18030(Folder, "list.csv", CourtFiles.Csv(CourtFiles.GoodRows));

        using var output = new StringWriter();
        var exit = await new ImportRunner(Options(file, Encoding.UTF8), output, TextWriter.Null).RunAsync();

        Assert.Equal(ExitCodes.Done, exit);
        Assert.Empty(Gateway.Requests);
        Assert.Contains("\"invalid\":3", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("pass --encoding (e.g. gb18030", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gb18030", 54936)]
    [InlineData("GBK", 936)]
    [InlineData("936", 936)]
    [InlineData("utf-8", 65001)]
    public void Resolve_TheNamesCourtStaffUse(string name, int codePage)
    {
        Assert.Equal(codePage, InputEncoding.Resolve(name).Encoding!.CodePage);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("klingon")]
    public void Resolve_AnEncodingWhoseLinesCannotBeSplitOrNoEncoding_IsRefusedWithTheReason(string name)
    {
        var (encoding, error) = InputEncoding.Resolve(name);

        Assert.Null(encoding);
        Assert.StartsWith("--encoding: ", error, StringComparison.Ordinal);
    }

    private async Task<int> RunAsync(string file, Encoding encoding) =>
        await new ImportRunner(Options(file, encoding), TextWriter.Null, TextWriter.Null).RunAsync();

    private ImportOptions Options(string file, Encoding encoding) =>
        new(Gateway.Url, FakeCourtGateway.Key, file, InputFormat.Csv)
        {
            Encoding = encoding,
            Retry = new RetryPolicy(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)),
            Progress = ProgressMode.None,
        };
}
