using System.Text;
using JointPunishment.Importer.Input;

namespace JointPunishment.Importer.Tests.Fakes;

/// <summary>Test inputs: JSON lines of court events and helpers to read a source into a list.</summary>
public static class Events
{
    public static string Line(string eventId, string type = "risk_notice") =>
        $$$"""{"eventId":"{{{eventId}}}","type":"{{{type}}}","caseNumber":"(2024)京0101执1号","subject":{"idType":"passport","idNumber":"E12345678","name":"Li Si"}}""";

    /// <summary>JSON lines with events e1 … eN, one per line, line i holding event ei.</summary>
    public static string Lines(int count, string prefix = "e") =>
        string.Concat(Enumerable.Range(1, count).Select(i => Line($"{prefix}{i}") + "\n"));

    public static Stream Stream(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    public static async Task<List<SourceRecord>> ReadAllAsync(IEventSource source, long skipThroughLine = 0) =>
        await source.ReadAsync(skipThroughLine, CancellationToken.None).ToListAsync();

    public static string Text(SourceRecord record) => Encoding.UTF8.GetString(record.Json!);
}
