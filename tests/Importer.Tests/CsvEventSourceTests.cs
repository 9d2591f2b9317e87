using JointPunishment.Importer.Input;
using JointPunishment.Importer.Tests.Fakes;

namespace JointPunishment.Importer.Tests;

public sealed class CsvEventSourceTests
{
    private const string Header = "eventId,type,caseNumber,idType,idNumber,name,on,listedOn,public,obligation,measure,outcome,reason,until,basis,officers\n";

    [Fact]
    public async Task Read_ListedRowWithOfficers_MapsToTheContractEvent()
    {
        var csv = Header
            + "e1,listed,(2024)京0101执1号,uscc,91350100M000100Y43,某某有限公司,2024-03-01,2024-03-01,TRUE,支付 100 万元,,,,,,"
            + "legal_representative|resident_id|11010519491231002X|张三; principal | passport | E1234567 | Li Si ;\n";

        var records = await Events.ReadAllAsync(new CsvEventSource(Events.Stream(csv)));

        var record = Assert.Single(records);
        Assert.Equal(2, record.Line);
        Assert.Equal(
            """{"eventId":"e1","type":"listed","caseNumber":"(2024)京0101执1号","subject":{"idType":"uscc","idNumber":"91350100M000100Y43","name":"某某有限公司"},"on":"2024-03-01","listedOn":"2024-03-01","public":true,"obligation":"支付 100 万元","officers":[{"role":"legal_representative","idType":"resident_id","idNumber":"11010519491231002X","name":"张三"},{"role":"principal","idType":"passport","idNumber":"E1234567","name":"Li Si"}]}""",
            Events.Text(record));
    }

    [Fact]
    public async Task Read_ServedOnColumn_IsPassedOnAsTheEventsServedOn()
    {
        // Dates are not judged here: the gateway applies the one set of date bounds to every court event.
        var csv = "eventId,type,caseNumber,idType,idNumber,name,listedOn,servedOn,public\ne1,listed,C-1,passport,E1,A,2024-03-01,2024-03-04,true\n";

        var record = Assert.Single(await Events.ReadAllAsync(new CsvEventSource(Events.Stream(csv))));

        Assert.Equal(
            """{"eventId":"e1","type":"listed","caseNumber":"C-1","subject":{"idType":"passport","idNumber":"E1","name":"A"},"listedOn":"2024-03-01","servedOn":"2024-03-04","public":true}""",
            Events.Text(record));
    }

    [Fact]
    public async Task Read_QuotedFieldsWithCommasQuotesAndLineBreaks_KeepsThemInTheValue()
    {
        var csv = Header
            + "e1,retained,C-1,passport,E1,\"Smith, John\",,,,,consumption.rail,,,2025-01-01,\"ruling \"\"(2024) 5\"\"\nsecond line\",\n"
            + "e2,shielded,C-2,passport,E2,\"O'Brien\",,,false,,,,\"reason, with comma\",,,\n";

        var records = await Events.ReadAllAsync(new CsvEventSource(Events.Stream(csv)));

        Assert.Equal([2L, 4], records.Select(r => r.Line));
        Assert.Equal(
            """{"eventId":"e1","type":"retained","caseNumber":"C-1","subject":{"idType":"passport","idNumber":"E1","name":"Smith, John"},"measure":"consumption.rail","until":"2025-01-01","basis":"ruling \"(2024) 5\"\nsecond line"}""",
            Events.Text(records[0]));
        Assert.Equal(
            """{"eventId":"e2","type":"shielded","caseNumber":"C-2","subject":{"idType":"passport","idNumber":"E2","name":"O'Brien"},"public":false,"reason":"reason, with comma"}""",
            Events.Text(records[1]));
    }

    [Fact]
    public async Task Read_ColumnsInAnyOrderAndOptionalOnesMissing_MapsByHeaderName()
    {
        var csv = "name,idNumber,idType,caseNumber,type,eventId\nWang Wu,E9,passport,C-9,performed,e9\n";

        var record = Assert.Single(await Events.ReadAllAsync(new CsvEventSource(Events.Stream(csv))));

        Assert.Equal(
            """{"eventId":"e9","type":"performed","caseNumber":"C-9","subject":{"idType":"passport","idNumber":"E9","name":"Wang Wu"}}""",
            Events.Text(record));
    }

    [Fact]
    public async Task Read_BadRows_AreInvalidWithTheirLineAndTheRestStillRead()
    {
        var csv = Header
            + "e1,listed,C-1,passport,E1,A,,2024-01-01,yes,,,,,,,\n"
            + "e2,listed,C-2,passport,E2,B,,2024-01-01,true,,,,,,,legal_representative|resident_id|110\n"
            + "e3,risk_notice,C-3,passport,E3,Zhang, San,,,,,,,,,,\n"
            + "e4,risk_notice,C-4,passport,E4,\"Zh\"ang,,,,,,,,,,\n"
            + "e5,risk_notice,C-5,passport,E5,D,,,,,,,,,,\n";

        var records = await Events.ReadAllAsync(new CsvEventSource(Events.Stream(csv)));

        Assert.Equal([2L, 3, 4, 5, 6], records.Select(r => r.Line));
        Assert.Equal("public: 'yes' is not true or false", records[0].Error);
        Assert.Equal("officers: entry 1 'legal_representative|resident_id|110' is not role|idType|idNumber|name", records[1].Error);
        Assert.Equal("malformed CSV: the number of fields differs from the header", records[2].Error);
        Assert.Equal("malformed CSV: text after the closing quote of a field", records[3].Error);
        Assert.Contains("\"eventId\":\"e5\"", Events.Text(records[4]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_SkipThroughLine_SkipsRecordsStartingOnOrBeforeIt()
    {
        var csv = Header
            + "e1,risk_notice,C-1,passport,E1,\"multi\nline\",,,,,,,,,,\n"
            + "e2,risk_notice,C-2,passport,E2,B,,,,,,,,,,\n"
            + "e3,risk_notice,C-3,passport,E3,C,,,,,,,,,,\n";

        var records = await Events.ReadAllAsync(new CsvEventSource(Events.Stream(csv)), skipThroughLine: 4);

        Assert.Equal([5L], records.Select(r => r.Line));
        Assert.Contains("\"eventId\":\"e3\"", Events.Text(records[0]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eventId,type,caseNumber,idType,idNumber,name,color\n", "CSV header: unknown column 'color'")]
    [InlineData("eventId,type,caseNumber,idType,idNumber\n", "CSV header: missing column(s) name")]
    [InlineData("eventId,type,caseNumber,idType,idNumber,name,type\n", "CSV header: column 'type' appears twice")]
    public async Task Read_BadHeader_FailsBeforeAnyRecord(string header, string message)
    {
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Events.ReadAllAsync(new CsvEventSource(Events.Stream(header + "e1,x,C,passport,E1,A,B\n"))));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }
}
