using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace JointPunishment.Importer.Input;

/// <summary>
/// Maps a CSV row to the JSON event of CONTRACT.md "Court": the subject from <c>idType,idNumber,name</c>,
/// <c>public</c> as a boolean, <c>officers</c> from <c>role|idType|idNumber|name</c> entries separated by
/// <c>;</c>, and every empty cell left out.
/// </summary>
public sealed class CsvEventMapper
{
    /// <summary>The columns a CSV file may have, in the order they are written to the event.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "eventId", "type", "caseNumber", "idType", "idNumber", "name", "on", "listedOn", "servedOn", "public",
        "obligation", "measure", "outcome", "reason", "until", "basis", "officers",
    ];

    /// <summary>Without these a row cannot be an event at all, so a header that lacks one is a mistake in the file.</summary>
    private static readonly string[] RequiredColumns = ["eventId", "type", "caseNumber", "idType", "idNumber", "name"];

    // Chinese names and quotes stay as they are instead of becoming \uXXXX escapes. The "unsafe" of the
    // relaxed encoder is about embedding JSON in HTML, which a request body never is.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Why a cell with characters the encoding could not decode is refused.</summary>
    public const string UnreadableText = "has characters the file's encoding could not read: pass --encoding (e.g. gb18030 for a CSV saved by Excel)";

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Resolves the header row; an unknown, repeated or missing required column is an <see cref="InvalidDataException"/>.</summary>
    public CsvEventMapper(IReadOnlyList<string> header)
    {
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            var known = Columns.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidDataException($"CSV header: unknown column '{name}'; the columns are {string.Join(",", Columns)}");
            if (!_index.TryAdd(known, i))
            {
                throw new InvalidDataException($"CSV header: column '{known}' appears twice");
            }
        }

        var missing = RequiredColumns.Where(c => !_index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"CSV header: missing column(s) {string.Join(", ", missing)}");
        }
    }

    /// <summary>The event as UTF-8 JSON, or the reason the row cannot be one.</summary>
    public (byte[]? Json, string? Error) Map(IReadOnlyList<string> row)
    {
        // A file read in the wrong encoding (GBK read as UTF-8) decodes to replacement characters: never send those as names.
        if (_index.FirstOrDefault(c => c.Value < row.Count && row[c.Value].Contains('\uFFFD', StringComparison.Ordinal)) is { Key: { } garbled })
        {
            return (null, $"{garbled}: {UnreadableText}");
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            WriteString(json, row, "eventId");
            WriteString(json, row, "type");
            WriteString(json, row, "caseNumber");
            if (Cell(row, "idType") is not null || Cell(row, "idNumber") is not null || Cell(row, "name") is not null)
            {
                json.WriteStartObject("subject");
                WriteString(json, row, "idType");
                WriteString(json, row, "idNumber");
                WriteString(json, row, "name");
                json.WriteEndObject();
            }

            WriteString(json, row, "on");
            WriteString(json, row, "listedOn");
            WriteString(json, row, "servedOn");
            if (Cell(row, "public") is { } isPublic)
            {
                if (!bool.TryParse(isPublic.Trim(), out var value))
                {
                    return (null, $"public: '{isPublic}' is not true or false");
                }

                json.WriteBoolean("public", value);
            }

            foreach (var column in (string[])["obligation", "measure", "outcome", "reason", "until", "basis"])
            {
                WriteString(json, row, column);
            }

            if (Cell(row, "officers") is { } officers && WriteOfficers(json, officers) is { } error)
            {
                return (null, error);
            }

            json.WriteEndObject();
        }

        return (buffer.WrittenSpan.ToArray(), null);
    }

    private static string? WriteOfficers(Utf8JsonWriter json, string officers)
    {
        var entries = officers.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length == 0)
        {
            return null;
        }

        json.WriteStartArray("officers");
        for (var i = 0; i < entries.Length; i++)
        {
            var parts = entries[i].Split('|', StringSplitOptions.TrimEntries);
            if (parts.Length != 4)
            {
                return $"officers: entry {i + 1} '{entries[i]}' is not role|idType|idNumber|name";
            }

            json.WriteStartObject();
            string[] names = ["role", "idType", "idNumber", "name"];
            for (var p = 0; p < 4; p++)
            {
                if (parts[p].Length > 0)
                {
                    json.WriteString(names[p], parts[p]);
                }
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        return null;
    }

    private void WriteString(Utf8JsonWriter json, IReadOnlyList<string> row, string column)
    {
        if (Cell(row, column) is { } value)
        {
            json.WriteString(column, value);
        }
    }

    private string? Cell(IReadOnlyList<string> row, string column) =>
        _index.TryGetValue(column, out var i) && i < row.Count && row[i].Length > 0 ? row[i] : null;
}
