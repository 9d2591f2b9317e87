using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace JointPunishment.Importer.Input;

/// <summary>
/// JSON lines: each non-blank line is one event object, sent byte for byte as written. Lines are split on
/// the raw bytes, so nothing is decoded and re-encoded and byte offsets are exact.
/// </summary>
public sealed class JsonLinesSource(Stream stream) : IEventSource
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    public async IAsyncEnumerable<SourceRecord> ReadAsync(long skipThroughLine, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        var line = 0L;
        var offset = 0L;
        var ready = new List<SourceRecord>();
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } newline)
                {
                    var text = buffer.Slice(0, newline);
                    line++;
                    Take(text, line, offset, skipThroughLine, ready);
                    offset += text.Length + 1;
                    buffer = buffer.Slice(buffer.GetPosition(1, newline));
                }

                if (result.IsCompleted && !buffer.IsEmpty)
                {
                    // The last line has no line break.
                    line++;
                    Take(buffer, line, offset, skipThroughLine, ready);
                    offset += buffer.Length;
                    buffer = buffer.Slice(buffer.End);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                foreach (var record in ready)
                {
                    yield return record;
                }

                ready.Clear();
                if (result.IsCompleted)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    /// <summary>Whether the bytes are exactly one JSON object (surrounding whitespace allowed); the reason when not.</summary>
    public static string? Validate(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "not a JSON object";
            }

            reader.Skip();
            return reader.Read() ? "text after the JSON object" : null;
        }
        catch (JsonException e)
        {
            // The reader's own position suffix counts lines inside this one line; the column is what helps.
            var reason = e.Message.Split(" LineNumber:", 2)[0];
            return $"not valid JSON at column {(e.BytePositionInLine ?? 0) + 1}: {reason}";
        }
    }

    private static void Take(ReadOnlySequence<byte> text, long line, long offset, long skipThroughLine, List<SourceRecord> ready)
    {
        if (line <= skipThroughLine)
        {
            return;
        }

        var bytes = text.ToArray();
        var span = bytes.AsSpan();
        if (line == 1 && span.StartsWith(Utf8Bom))
        {
            span = span[Utf8Bom.Length..];
        }

        // Only a CR of a CRLF line end and trailing blanks go; the object itself is passed through unchanged.
        span = span.TrimEnd(" \t\r"u8);
        if (span.Trim(" \t"u8).IsEmpty)
        {
            return;
        }

        var error = Validate(span);
        ready.Add(error is null
            ? SourceRecord.Event(line, offset, span.Length == bytes.Length ? bytes : span.ToArray())
            : SourceRecord.Invalid(line, offset, error));
    }
}
