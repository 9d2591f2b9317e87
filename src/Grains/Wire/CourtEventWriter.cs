using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Wire;

/// <summary>
/// Writes a <see cref="CourtEvent"/> back in the wire form of <c>POST /v1/court/events</c> (CONTRACT.md "Court"), the
/// form the federation feed serves: <see cref="CourtEventReader"/> reads it back to the same event. The sending court is
/// not part of the event (a court's key names it), so the feed carries it beside the event.
/// </summary>
public static class CourtEventWriter
{
    public static string Write(CourtEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("eventId", e.EventId);
            json.WriteString("type", WireNames.Of(e.Type));
            json.WriteString("caseNumber", e.CaseNumber);
            json.WritePropertyName("subject");
            WriteSubject(json, e.Subject, role: null);
            json.WriteString("on", Date(e.On));
            WriteDate(json, "listedOn", e.ListedOn);
            WriteDate(json, "servedOn", e.ServedOn);
            if (e.Public is { } isPublic)
            {
                json.WriteBoolean("public", isPublic);
            }

            WriteText(json, "obligation", e.Obligation);
            if (!e.Officers.IsDefaultOrEmpty)
            {
                json.WriteStartArray("officers");
                foreach (var officer in e.Officers)
                {
                    WriteSubject(json, officer.Subject, WireNames.Of(officer.Role));
                }

                json.WriteEndArray();
            }

            WriteText(json, "measure", e.Measure);
            if (e.Outcome is { } outcome)
            {
                json.WriteString("outcome", WireNames.Of(outcome));
            }
            else if (e.Decision is { } decision)
            {
                // reconsideration_decided carries the higher court's decision as "outcome" too (CONTRACT.md "Due process").
                json.WriteString("outcome", WireNames.Of(decision));
            }

            WriteText(json, "reason", e.Reason);
            WriteDate(json, "until", e.Until);
            WriteText(json, "basis", e.Basis);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteSubject(Utf8JsonWriter json, SubjectRef subject, string? role)
    {
        json.WriteStartObject();
        if (role is not null)
        {
            json.WriteString("role", role);
        }

        json.WriteString("idType", SubjectReader.IdTypeWire(subject.IdType));
        json.WriteString("idNumber", subject.IdNumber);
        json.WriteString("name", subject.Name);
        json.WriteEndObject();
    }

    private static void WriteDate(Utf8JsonWriter json, string name, DateOnly? date)
    {
        if (date is { } d)
        {
            json.WriteString(name, Date(d));
        }
    }

    private static void WriteText(Utf8JsonWriter json, string name, string? text)
    {
        if (text is not null)
        {
            json.WriteString(name, text);
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
