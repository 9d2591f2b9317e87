using System.Collections.Frozen;
using System.Collections.Immutable;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Wire;

/// <summary>Validates one element of <c>POST /v1/court/events</c> into a <see cref="CourtEvent"/> (CONTRACT.md "Court").</summary>
public static class CourtEventReader
{
    private static readonly FrozenDictionary<string, SubjectRole> OfficerRoles = new Dictionary<string, SubjectRole>
    {
        ["legal_representative"] = SubjectRole.LegalRepresentative,
        ["principal"] = SubjectRole.Principal,
        ["actual_controller"] = SubjectRole.ActualController,
        ["directly_responsible"] = SubjectRole.DirectlyResponsible,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every field an event of any type may carry (CONTRACT.md "Court"); others are refused.</summary>
    private static readonly FrozenSet<string> EventFields = FrozenSet.Create(
        StringComparer.Ordinal,
        "eventId", "type", "caseNumber", "subject", "on", "listedOn", "servedOn", "public", "obligation", "officers", "measure", "outcome", "reason", "until", "basis");

    /// <summary>Officers a court may name with one listing; more is not a unit's management but a mistake.</summary>
    public const int MaxOfficers = 50;

    /// <summary>The event id (when readable, for the result line) and either the event or the reasons it is invalid.</summary>
    public static (string? EventId, CourtEvent? Event, string? Error) Read(JsonFields item, string court, DateOnly today)
    {
        var errors = item.Errors;
        if (!item.IsObject)
        {
            return (null, null, "an event must be a JSON object");
        }

        item.RejectUnknown(EventFields);
        var eventId = item.String("eventId", required: true, maxLength: 128);
        var type = item.Choice("type", required: true, WireNames.Parser<CourtEventType>());
        var caseNumber = item.String("caseNumber", required: true, maxLength: 100);
        var subject = SubjectReader.Read(item.Object("subject", required: true), nameRequired: true, today);
        var on = Date(item, "on", required: false, today) ?? today;

        var e = type is { } t && eventId is not null && caseNumber is not null && subject is not null
            ? new CourtEvent(eventId, t, court, caseNumber, subject, on)
            : null;
        switch (type)
        {
            case CourtEventType.Listed:
                e = e is null ? null : e with
                {
                    ListedOn = Date(item, "listedOn", required: true, today),
                    ServedOn = Date(item, "servedOn", required: false, today),
                    Public = item.Bool("public", required: true),
                    Obligation = item.String("obligation", required: false, maxLength: 2000),
                    Officers = ReadOfficers(item, subject, today),
                };
                break;
            case CourtEventType.VerificationStarted:
                e = e is null ? null : e with { Measure = ReadMeasure(item, required: false) };
                break;
            case CourtEventType.VerificationClosed:
                e = e is null ? null : e with
                {
                    Measure = ReadMeasure(item, required: false),
                    Outcome = item.Choice("outcome", required: true, WireNames.Parser<VerificationOutcome>()),
                    Reason = item.String("reason", required: false, maxLength: 2000),
                };
                break;
            case CourtEventType.Retained:
                e = e is null ? null : e with
                {
                    Measure = ReadMeasure(item, required: true),
                    Until = Date(item, "until", required: true, notAfter: null),
                    Basis = item.String("basis", required: true, maxLength: 2000),
                };
                break;
            case CourtEventType.ReconsiderationDecided:
                e = e is null ? null : e with
                {
                    Decision = item.Choice("outcome", required: true, WireNames.Parser<ReconsiderationOutcome>()),
                    Reason = item.String("reason", required: false, maxLength: 2000),
                };
                break;
            case CourtEventType.Shielded or CourtEventType.Revoked or CourtEventType.CorrectionUpheld or CourtEventType.CorrectionDismissed
                or CourtEventType.ReconsiderationRequested:
                e = e is null ? null : e with { Reason = item.String("reason", required: false, maxLength: 2000) };
                break;
        }

        return errors.Any ? (eventId, null, errors.Describe(item.Path(""))) : (eventId, e, null);
    }

    /// <summary>
    /// Every date a court sends goes through here (CONTRACT.md "Additions", Dates): within <see cref="CourtDates"/>'
    /// bounds, and a step's date not after <paramref name="notAfter"/> (today); <c>until</c> may lie in the future.
    /// </summary>
    private static DateOnly? Date(JsonFields item, string field, bool required, DateOnly? notAfter)
    {
        var date = item.Date(field, required);
        if (date is { } d && CourtDates.Check(d, notAfter) is { } error)
        {
            item.Errors.Add(item.Path(field), error);
            return null;
        }

        return date;
    }

    private static string? ReadMeasure(JsonFields item, bool required)
    {
        var measure = item.String("measure", required, maxLength: 64);
        if (measure is not null && !MeasureCatalogue.TryGet(measure, out _))
        {
            item.Errors.Add(item.Path("measure"), "is not a measure code of the catalogue");
            return null;
        }

        return measure;
    }

    private static ImmutableArray<Officer> ReadOfficers(JsonFields item, SubjectRef? debtor, DateOnly today)
    {
        var officers = item.Array("officers", required: false, MaxOfficers);
        if (officers is null || officers.Count == 0)
        {
            return [];
        }

        if (debtor is { IdType: IdType.ResidentId or IdType.Passport })
        {
            item.Errors.Add(item.Path("officers"), "officers are named only for a unit debtor");
            return [];
        }

        var result = ImmutableArray.CreateBuilder<Officer>();
        foreach (var officer in officers)
        {
            var role = officer.Choice("role", required: true, OfficerRoles);
            var subject = SubjectReader.Read(officer, nameRequired: true, today, SubjectReader.FieldsWithRole);
            if (role is { } r && subject is not null)
            {
                result.Add(new Officer(r, subject));
            }
        }

        return result.ToImmutable();
    }
}
