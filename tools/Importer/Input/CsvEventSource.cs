using System.Runtime.CompilerServices;
using CsvHelper;

namespace JointPunishment.Importer.Input;

/// <summary>
/// CSV with a header row, read with CsvHelper's RFC 4180 reader (quoted fields with separators, doubled
/// quotes and line breaks). A row with broken quoting or a field count that differs from the header is
/// reported as invalid instead of being guessed at: a shifted column would send a wrong identity.
/// </summary>
public sealed class CsvEventSource(Stream stream) : IEventSource
{
    public async IAsyncEnumerable<SourceRecord> ReadAsync(long skipThroughLine, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The reader may report a malformed record while scanning ahead, before it has returned the good
        // records in front of it: hold each report back until reading has passed its line, so records stay
        // in line order and a batch never claims a line whose events are still to come.
        var malformed = new Queue<SourceRecord>();
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            OnMalformedRecord = m => malformed.Enqueue(SourceRecord.Invalid(m.LineNumber, m.ByteOffset, $"malformed CSV: {Describe(m.Reason)}")),
        };

        await using var csv = CsvReader.Create(stream, options, leaveOpen: true);
        await csv.ReadHeaderAsync(cancellationToken);
        if (csv.Headers.Count == 0)
        {
            throw new InvalidDataException("CSV: the file has no header row");
        }

        var mapper = new CsvEventMapper(csv.Headers);
        var row = new string[csv.Headers.Count];
        while (await csv.ReadAsync(cancellationToken))
        {
            var line = csv.LineNumber;
            while (malformed.TryPeek(out var bad) && bad.Line < line)
            {
                malformed.Dequeue();
                if (bad.Line > skipThroughLine)
                {
                    yield return bad;
                }
            }

            if (line <= skipThroughLine)
            {
                continue;
            }

            for (var i = 0; i < row.Length; i++)
            {
                row[i] = i < csv.FieldCount ? csv.GetString(i) : "";
            }

            var (json, error) = mapper.Map(row);
            yield return json is not null
                ? SourceRecord.Event(line, csv.ByteOffset, json)
                : SourceRecord.Invalid(line, csv.ByteOffset, error!);
        }

        while (malformed.TryDequeue(out var bad))
        {
            if (bad.Line > skipThroughLine)
            {
                yield return bad;
            }
        }
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a field",
        CsvMalformedReason.UnterminatedQuote => "a quoted field that is never closed",
        CsvMalformedReason.FieldCountMismatch => "the number of fields differs from the header",
        _ => reason.ToString(),
    };
}
