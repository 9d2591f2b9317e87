using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Wire;

namespace JointPunishment.Importer.Input;

/// <summary>A field of an event that a dry run finds wrong, by its JSON path (<c>subject.idNumber</c>, <c>officers[0].role</c>).</summary>
public sealed record FieldProblem(string Field, string Error);

/// <summary>
/// What a dry run checks in each event without the platform (CONTRACT.md "Court"): the fields every event and each
/// type needs, a known type, dates as YYYY-MM-DD (not Excel's 2024/3/1), true or false, the choices of outcome and
/// role, text the file's encoding could decode, and identity numbers by the gateway's own rules (the same source
/// files, compiled in: Excel's 6.40104E+17 or a lost leading zero fails their check). What only the platform knows,
/// the lifecycle of a case, the catalogue's measure codes and the date windows, is checked when the events are sent.
/// </summary>
public static class EventCheck
{
    private static readonly HashSet<string> Types = Names<CourtEventType>();
    private static readonly HashSet<string> VerificationOutcomes = Names<VerificationOutcome>();
    private static readonly HashSet<string> ReconsiderationOutcomes = Names<ReconsiderationOutcome>();
    private static readonly HashSet<string> OfficerRoles = ["legal_representative", "principal", "actual_controller", "directly_responsible"];

    private static readonly FrozenDictionary<string, IdType> IdTypes = WireNames.Parser<IdType>();

    /// <summary>Every problem of the event (none: it may be sent); <paramref name="today"/> is for a resident id's birth date.</summary>
    public static IReadOnlyList<FieldProblem> Check(ReadOnlyMemory<byte> json, DateOnly today)
    {
        var problems = new List<FieldProblem>();
        using var document = JsonDocument.Parse(json);
        var e = document.RootElement;
        Text(e, "eventId", required: true, problems);
        var type = Text(e, "type", required: true, problems);
        Text(e, "caseNumber", required: true, problems);
        if (type is not null && !Types.Contains(type))
        {
            problems.Add(new("type", $"'{type}' is not an event type ({string.Join(", ", Types)})"));
        }

        if (Property(e, "subject", required: true, problems) is { } subject)
        {
            Subject(subject, "subject", today, problems);
        }

        Date(e, "on", required: false, problems);
        switch (type)
        {
            case "listed":
                Date(e, "listedOn", required: true, problems);
                Date(e, "servedOn", required: false, problems);
                Bool(e, "public", problems);
                Officers(e, today, problems);
                break;
            case "verification_closed":
                Choice(e, "outcome", VerificationOutcomes, problems);
                break;
            case "reconsideration_decided":
                Choice(e, "outcome", ReconsiderationOutcomes, problems);
                break;
            case "retained":
                Text(e, "measure", required: true, problems);
                Date(e, "until", required: true, problems);
                Text(e, "basis", required: true, problems);
                break;
        }

        return problems;
    }

    private static void Subject(JsonElement subject, string path, DateOnly today, List<FieldProblem> problems)
    {
        if (subject.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(path, "must be an object"));
            return;
        }

        var idType = Text(subject, "idType", required: true, problems, path);
        var idNumber = Text(subject, "idNumber", required: true, problems, path);
        Text(subject, "name", required: true, problems, path);
        if (idType is null)
        {
            return;
        }

        if (!IdTypes.TryGetValue(idType, out var type))
        {
            problems.Add(new($"{path}.idType", WireNames.MustBeOneOf(WireNames.All<IdType>())));
        }
        else if (idNumber is not null && !IdentityParser.TryParse(type, idNumber, today, out _, out var error))
        {
            problems.Add(new($"{path}.idNumber", error));
        }
    }

    private static void Officers(JsonElement e, DateOnly today, List<FieldProblem> problems)
    {
        if (Property(e, "officers", required: false, problems) is not { } officers)
        {
            return;
        }

        if (officers.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new("officers", "must be an array"));
            return;
        }

        var i = 0;
        foreach (var officer in officers.EnumerateArray())
        {
            var path = $"officers[{i++}]";
            Subject(officer, path, today, problems);
            if (officer.ValueKind == JsonValueKind.Object)
            {
                Choice(officer, "role", OfficerRoles, problems, path);
            }
        }
    }

    private static JsonElement? Property(JsonElement e, string name, bool required, List<FieldProblem> problems, string? path = null)
    {
        if (e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value;
        }

        if (required)
        {
            problems.Add(new(Path(path, name), "is required"));
        }

        return null;
    }

    private static string? Text(JsonElement e, string name, bool required, List<FieldProblem> problems, string? path = null)
    {
        if (Property(e, name, required, problems, path) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(new(Path(path, name), "must be a string"));
            return null;
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            problems.Add(new(Path(path, name), CsvEventMapper.UnreadableText));
            return null;
        }

        if (text.Contains('\uFFFD', StringComparison.Ordinal))
        {
            problems.Add(new(Path(path, name), CsvEventMapper.UnreadableText));
            return null;
        }

        if (required && string.IsNullOrWhiteSpace(text))
        {
            problems.Add(new(Path(path, name), "must not be empty"));
            return null;
        }

        return text;
    }

    private static void Date(JsonElement e, string name, bool required, List<FieldProblem> problems)
    {
        if (Text(e, name, required, problems) is { } text
            && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            problems.Add(new(name, $"'{text}' is not a date YYYY-MM-DD"));
        }
    }

    private static void Bool(JsonElement e, string name, List<FieldProblem> problems)
    {
        if (Property(e, name, required: true, problems) is { ValueKind: not (JsonValueKind.True or JsonValueKind.False) })
        {
            problems.Add(new(name, "must be true or false"));
        }
    }

    private static void Choice(JsonElement e, string name, HashSet<string> allowed, List<FieldProblem> problems, string? path = null)
    {
        if (Text(e, name, required: true, problems, path) is { } text && !allowed.Contains(text))
        {
            problems.Add(new(Path(path, name), WireNames.MustBeOneOf(allowed)));
        }
    }

    private static string Path(string? path, string name) => path is null ? name : $"{path}.{name}";

    private static HashSet<string> Names<T>()
        where T : struct, Enum => [.. WireNames.All<T>()];
}
