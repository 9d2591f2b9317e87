using System.Text.RegularExpressions;
using JointPunishment.Importer.Progress;
using Spectre.Console.Testing;

namespace JointPunishment.Importer.Tests;

/// <summary>The progress bar on a terminal (Spectre.Console) fits the console's width, with messages written above it.</summary>
public sealed partial class ProgressDisplayTests
{
    private static readonly ImportTallySnapshot Midway = new(1_234_567, 1_200_000, 30_000, 4_567, 89, 1_234_656, 150_000_000, [], []);

    [Theory]
    [InlineData(40)]
    [InlineData(80)]
    [InlineData(160)]
    public async Task Bar_EveryLineFitsTheConsoleWidth_AndShowsTheCountsAndNotices(int width)
    {
        var console = new TestConsole().Width(width).Interactive().EmitAnsiSequences();
        var reporter = new ProgressReporter(TextWriter.Null, ProgressMode.Bar, () => Midway, totalLines: 2_469_312, totalBytes: 300_000_000, console);

        reporter.Start();
        await Task.Delay(700);
        reporter.Notice("http://gw/v1/court/events answered 503 ServiceUnavailable; try 2 of 8 in 1.0 s");
        await Task.Delay(400);
        await reporter.DisposeAsync();

        var lines = Ansi().Replace(console.Output, "").Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= width, $"{line.TrimEnd().Length} > {width}: '{line}'"));
        var text = string.Join(" ", lines);
        Assert.Contains("50%", text, StringComparison.Ordinal);
        Assert.Contains("try 2 of 8", text, StringComparison.Ordinal);
        Assert.Contains("1,200,000", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Ansi();
}
