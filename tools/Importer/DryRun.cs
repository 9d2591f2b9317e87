using System.Diagnostics;
using System.Text.Json;
using CsvHelper;
using JointPunishment.Importer.Input;

namespace JointPunishment.Importer;

/// <summary>
/// <c>--dry-run</c>: reads the whole file as an import would (same encoding, same format), checks every record
/// (<see cref="EventCheck"/>), writes each problem as <c>line N: field: error</c> on stderr and lists them all in the
/// summary. Nothing is sent and no state file is written; the gateway and key are not needed.
/// </summary>
public sealed class DryRun(ImportOptions options, TextWriter output, TextWriter error)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var problems = new List<Rejection>();
        long valid = 0, invalid = 0, lastLine = 0;
        string? failure = null;
        try
        {
            if (!File.Exists(options.File))
            {
                throw new IOException($"{options.File}: no such file");
            }

            // Today in China Standard Time, as the gateway takes it for a resident id's birth date.
            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            await using var file = new FileStream(options.File, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
            await using var stream = InputEncoding.AsUtf8(file, options.Encoding);
            IEventSource source = options.Format == InputFormat.Csv ? new CsvEventSource(stream) : new JsonLinesSource(stream);
            await foreach (var record in source.ReadAsync(0, cancellationToken))
            {
                lastLine = record.Line;
                IReadOnlyList<Rejection> found = record.Json is null
                    ? [SourceProblem(record)]
                    : [.. EventCheck.Check(record.Json, today).Select(p => new Rejection(record.Line, EventId(record.Json), p.Error, p.Field))];
                if (found.Count == 0)
                {
                    valid++;
                    continue;
                }

                invalid++;
                foreach (var problem in found)
                {
                    problems.Add(problem);
                    await error.WriteLineAsync(problem.Field is null
                        ? $"line {problem.Line}: {problem.Error}"
                        : $"line {problem.Line}: {problem.Field}: {problem.Error}");
                }
            }
        }
        catch (Exception e) when (e is CsvFormatException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            failure = e.Message;
            await error.WriteLineAsync($"importer: {failure}.");
        }

        var summary = new ImportSummary(
            options.File, 0, 0, 0, 0, invalid, Math.Round(clock.Elapsed.TotalSeconds, 3), 0, [], problems, 0, lastLine, failure, DryRun: true, Valid: valid);
        await output.WriteLineAsync(ImportRunner.SummaryJson(summary));
        await output.FlushAsync(CancellationToken.None);
        return failure is not null ? ExitCodes.LocalError : invalid > 0 ? ExitCodes.Invalid : ExitCodes.Done;
    }

    /// <summary>A record the reader refused; when the reason starts with a CSV column (<c>public: …</c>), that is its field.</summary>
    private static Rejection SourceProblem(SourceRecord record)
    {
        var parts = record.Error!.Split(": ", 2);
        return parts.Length == 2 && CsvEventMapper.Columns.Contains(parts[0])
            ? new Rejection(record.Line, null, parts[1], parts[0])
            : new Rejection(record.Line, null, record.Error);
    }

    private static string? EventId(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
    }
}
