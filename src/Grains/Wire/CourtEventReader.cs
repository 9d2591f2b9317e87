using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Wire.Records;

namespace JointPunishment.Grains.Wire;

/// <summary>
/// Judges one element of <c>POST /v1/court/events</c> (a <see cref="CourtEventBody"/>) into a <see cref="CourtEvent"/>
/// (CONTRACT.md "Court"); the silos read the events of an upstream node's feed with it too.
/// </summary>
public static class CourtEventReader
{
    private static readonly FrozenDictionary<string, SubjectRole> OfficerRoles = new Dictionary<string, SubjectRole>
    {
        ["legal_representative"] = SubjectRole.LegalRepresentative,
        ["principal"] = SubjectRole.Principal,
        ["actual_controller"] = SubjectRole.ActualController,
        ["directly_responsible"] = SubjectRole.DirectlyResponsible,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Officers a court may name with one listing; more is not a unit's management but a mistake.</summary>
    public const int MaxOfficers = 50;

    private static readonly FrozenDictionary<string, CourtEventType> Types = WireNames.Parser<CourtEventType>();

    /// <summary>One event as an upstream node's feed serves it, read as the gateway reads a court's.</summary>
    public static (string? EventId, CourtEvent? Event, string? Error) Read(JsonElement item, string court, DateOnly today) =>
        Read(BoundItem<CourtEventBody>.Read(item), court, today);

    /// <summary>
    /// The event id (when readable, for the result line) and either the event or the reasons it is invalid: the record's
    /// own rules (<see cref="RecordRules"/>, found as it was bound) with the ones that depend on its type and on today.
    /// </summary>
    public static (string? EventId, CourtEvent? Event, string? Error) Read(BoundItem<CourtEventBody> item, string court, DateOnly today)
    {
        var errors = item.Errors;
        if (item.Value is not { } body)
        {
            var sentId = item.Sent is { ValueKind: JsonValueKind.Object } sent && sent.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
            return (sentId, null, item.Error);
        }

        var type = body.Type is { } name && Types.TryGetValue(name, out var t) ? t : (CourtEventType?)null;
        var subject = body.Subject?.ToSubject("subject", body.Subject.Name, today, errors);
        var on = Date(errors, "on", body.On, required: false, today) ?? today;

        var e = type is { } known && body.EventId is not null && body.CaseNumber is not null && subject is not null
            ? new CourtEvent(body.EventId, known, court, body.CaseNumber, subject, on)
            : null;
        switch (type)
        {
            case CourtEventType.Listed:
                e = e is null ? null : e with
                {
                    ListedOn = Date(errors, "listedOn", body.ListedOn, required: true, today),
                    ServedOn = Date(errors, "servedOn", body.ServedOn, required: false, today),
                    Public = Required(errors, "public", body.Public),
                    Obligation = body.Obligation,
                    Officers = ReadOfficers(body, subject, today, errors),
                };
                break;
            case CourtEventType.VerificationStarted:
                e = e is null ? null : e with { Measure = ReadMeasure(errors, body.Measure, required: false) };
                break;
            case CourtEventType.VerificationClosed:
                e = e is null ? null : e with
                {
                    Measure = ReadMeasure(errors, body.Measure, required: false),
                    Outcome = Choice(errors, "outcome", body.Outcome, WireNames.Parser<VerificationOutcome>()),
                    Reason = body.Reason,
                };
                break;
            case CourtEventType.Retained:
                e = e is null ? null : e with
                {
                    Measure = ReadMeasure(errors, body.Measure, required: true),
                    Until = Date(errors, "until", body.Until, required: true, notAfter: null),
                    Basis = Required(errors, "basis", body.Basis),
                };
                break;
            case CourtEventType.ReconsiderationDecided:
                e = e is null ? null : e with
                {
                    Decision = Choice(errors, "outcome", body.Outcome, WireNames.Parser<ReconsiderationOutcome>()),
                    Reason = body.Reason,
                };
                break;
            case CourtEventType.Shielded or CourtEventType.Revoked or CourtEventType.CorrectionUpheld or CourtEventType.CorrectionDismissed
                or CourtEventType.ReconsiderationRequested:
                e = e is null ? null : e with { Reason = body.Reason };
                break;
        }

        return errors.Any ? (body.EventId, null, item.Error) : (body.EventId, e, null);
    }

    /// <summary>
    /// Every date a court sends goes through here (CONTRACT.md "Additions", Dates): within <see cref="CourtDates"/>'
    /// bounds, and a step's date not after <paramref name="notAfter"/> (today); <c>until</c> may lie in the future.
    /// </summary>
    private static DateOnly? Date(ValidationErrors errors, string field, DateOnly? date, bool required, DateOnly? notAfter)
    {
        if (Required(errors, field, date, required) is { } d && CourtDates.Check(d, notAfter) is { } error)
        {
            errors.Add(field, error);
            return null;
        }

        return date;
    }

    /// <summary>A field this event's type needs (the record cannot say so: another type goes without it).</summary>
    private static T? Required<T>(ValidationErrors errors, string field, T? value, bool required = true)
        where T : struct
    {
        if (value is null && required && !errors.Has(field))
        {
            errors.Add(field, "is required");
        }

        return value;
    }

    private static string? Required(ValidationErrors errors, string field, string? value)
    {
        if (value is null && !errors.Has(field))
        {
            errors.Add(field, "is required");
        }

        return value;
    }

    private static T? Choice<T>(ValidationErrors errors, string field, string? value, FrozenDictionary<string, T> allowed)
        where T : struct
    {
        if (Required(errors, field, value) is not { } text || errors.Has(field))
        {
            return null;
        }

        if (allowed.TryGetValue(text, out var choice))
        {
            return choice;
        }

        errors.Add(field, WireNames.MustBeOneOf(allowed.Keys));
        return null;
    }

    private static string? ReadMeasure(ValidationErrors errors, string? measure, bool required)
    {
        if (required)
        {
            Required(errors, "measure", measure);
        }

        if (measure is not null && !errors.Has("measure") && !MeasureCatalogue.TryGet(measure, out _))
        {
            errors.Add("measure", "is not a measure code of the catalogue");
            return null;
        }

        return measure;
    }

    private static ImmutableArray<Officer> ReadOfficers(CourtEventBody body, SubjectRef? debtor, DateOnly today, ValidationErrors errors)
    {
        if (body.Officers is not { Count: > 0 } officers)
        {
            return [];
        }

        if (debtor is { IdType: IdType.ResidentId or IdType.Passport })
        {
            errors.Add("officers", "officers are named only for a unit debtor");
            return [];
        }

        var result = ImmutableArray.CreateBuilder<Officer>();
        for (var i = 0; i < officers.Count; i++)
        {
            if (officers[i] is not { } officer)
            {
                continue;
            }

            var subject = officer.ToSubject($"officers[{i}]", officer.Name, today, errors);
            if (officer.Role is { } role && OfficerRoles.TryGetValue(role, out var r) && subject is not null)
            {
                result.Add(new Officer(r, subject));
            }
        }

        return result.ToImmutable();
    }
}
