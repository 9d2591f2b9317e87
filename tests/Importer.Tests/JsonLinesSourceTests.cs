using System.Text;
using JointPunishment.Importer.Input;
using JointPunishment.Importer.Tests.Fakes;

namespace JointPunishment.Importer.Tests;

public sealed class JsonLinesSourceTests
{
    [Fact]
    public async Task Read_EventLines_PassesEachObjectThroughByteForByte()
    {
        // Field order, spacing and escapes are the court's own: the importer must not re-serialise them.
        const string first = """{ "type":"listed",  "eventId":"e1", "name":"\u5f20\u4e09", "public":true }""";
        const string second = """{"eventId":"e2","subject":{"name":"张三"}}""";

        var records = await Events.ReadAllAsync(new JsonLinesSource(Events.Stream(first + "\n" + second + "\n")));

        Assert.Equal([first, second], records.Select(Events.Text));
        Assert.Equal([1L, 2L], records.Select(r => r.Line));
        Assert.Equal([0L, Encoding.UTF8.GetByteCount(first) + 1L], records.Select(r => r.ByteOffset));
    }

    [Fact]
    public async Task Read_BlankAndInvalidLines_SkipsBlanksAndReportsInvalidWithTheirLineNumbers()
    {
        var text = string.Join("\n", Events.Line("e1"), "", "   ", "not json", "[1,2]", """{"a":1} {"b":2}""", """{"a":""", Events.Line("e2"), "\"text\"");

        var records = await Events.ReadAllAsync(new JsonLinesSource(Events.Stream(text)));

        Assert.Equal([1L, 4, 5, 6, 7, 8, 9], records.Select(r => r.Line));
        Assert.Equal([true, false, false, false, false, true, false], records.Select(r => r.Json is not null));
        Assert.Equal("not a JSON object", records[2].Error);
        Assert.StartsWith("not valid JSON", records[3].Error, StringComparison.Ordinal);
        Assert.StartsWith("not valid JSON", records[1].Error, StringComparison.Ordinal);
        Assert.StartsWith("not valid JSON", records[4].Error, StringComparison.Ordinal);
        Assert.Equal("not a JSON object", records[6].Error);
    }

    [Fact]
    public async Task Read_CrLfBomAndNoFinalNewline_StripsLineEndsAndBom()
    {
        var text = "\uFEFF" + Events.Line("e1") + "\r\n" + Events.Line("e2") + "\r\n" + Events.Line("e3");

        var records = await Events.ReadAllAsync(new JsonLinesSource(Events.Stream(text)));

        Assert.Equal([Events.Line("e1"), Events.Line("e2"), Events.Line("e3")], records.Select(Events.Text));
        Assert.Equal([1L, 2, 3], records.Select(r => r.Line));
    }

    [Fact]
    public async Task Read_SkipThroughLine_StartsAfterThatLine()
    {
        var records = await Events.ReadAllAsync(new JsonLinesSource(Events.Stream(Events.Lines(10))), skipThroughLine: 7);

        Assert.Equal([Events.Line("e8"), Events.Line("e9"), Events.Line("e10")], records.Select(Events.Text));
        Assert.Equal([8L, 9, 10], records.Select(r => r.Line));
    }

    [Fact]
    public async Task Read_LinesLongerThanTheReadBuffer_AreReadWhole()
    {
        var longName = new string('x', 300_000);
        var line = $$"""{"eventId":"big","name":"{{longName}}"}""";

        var records = await Events.ReadAllAsync(new JsonLinesSource(Events.Stream(Events.Line("e1") + "\n" + line + "\n" + Events.Line("e2") + "\n")));

        Assert.Equal([Events.Line("e1"), line, Events.Line("e2")], records.Select(Events.Text));
        Assert.Equal([1L, 2, 3], records.Select(r => r.Line));
    }
}
