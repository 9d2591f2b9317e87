using System.Collections.Frozen;
using System.Collections.Immutable;
using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Domain.PublicList;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Wire;

/// <summary>Reads <c>{ idType, idNumber, name }</c>: the identifier validated with its check character and normalised.</summary>
public static class SubjectReader
{
    public static readonly FrozenDictionary<string, IdType> IdTypes = new Dictionary<string, IdType>
    {
        ["resident_id"] = IdType.ResidentId,
        ["passport"] = IdType.Passport,
        ["uscc"] = IdType.Uscc,
        ["org_code"] = IdType.OrgCode,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Wire names of the roles a related person of an applicant unit may have (+A measures).</summary>
    public static readonly FrozenDictionary<string, SubjectRole> RelatedRoles = new Dictionary<string, SubjectRole>
    {
        ["legal_representative"] = SubjectRole.LegalRepresentative,
        ["actual_controller"] = SubjectRole.ActualController,
        ["director"] = SubjectRole.Director,
        ["supervisor"] = SubjectRole.Supervisor,
        ["senior_manager"] = SubjectRole.SeniorManager,
        ["principal"] = SubjectRole.Principal,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The fields of a subject object.</summary>
    public static readonly FrozenSet<string> Fields = FrozenSet.Create(StringComparer.Ordinal, "idType", "idNumber", "name");

    /// <summary>The fields of a subject that also names its role (officers, related persons).</summary>
    public static readonly FrozenSet<string> FieldsWithRole = FrozenSet.Create(StringComparer.Ordinal, "role", "idType", "idNumber", "name");

    /// <param name="subject">The subject object, or null when absent.</param>
    /// <param name="nameRequired">Whether <c>name</c> must be given.</param>
    /// <param name="today">For the birth-date check of resident ids.</param>
    /// <param name="known">The fields the object may have; default <see cref="Fields"/>.</param>
    public static SubjectRef? Read(JsonFields? subject, bool nameRequired, DateOnly today, IReadOnlySet<string>? known = null)
    {
        if (subject is null)
        {
            return null;
        }

        subject.RejectUnknown(known ?? Fields);
        var idType = subject.Choice("idType", required: true, IdTypes);
        var idNumber = subject.String("idNumber", required: true, maxLength: 64);
        var name = subject.String("name", nameRequired, maxLength: 200);
        if (idType is not { } type || idNumber is null)
        {
            return null;
        }

        if (!IdentityParser.TryParse(type, idNumber, today, out var identity, out var error))
        {
            subject.Errors.Add(subject.Path("idNumber"), error);
            return null;
        }

        return subject.Errors.Any ? null : new SubjectRef(identity.Type, identity.Number, NormaliseName(name ?? ""));
    }

    /// <summary>
    /// Binds <c>{ idType, idNumber, name? }</c> as the wire has it, without judging the identifier (a check's identity is
    /// validated by the check pipeline); <c>name</c> is accepted and not used.
    /// </summary>
    public static SubjectInput? ReadInput(JsonFields? subject, IReadOnlySet<string>? known = null)
    {
        if (subject is null)
        {
            return null;
        }

        subject.RejectUnknown(known ?? Fields);
        var idType = subject.Choice("idType", required: true, IdTypes);
        var idNumber = subject.String("idNumber", required: true, maxLength: 64);
        subject.String("name", required: false, maxLength: 200);
        return idType is { } type && idNumber is not null && !subject.Errors.Any ? new SubjectInput(type, idNumber) : null;
    }

    /// <summary>
    /// <c>relatedPersons</c>: <c>[{ role, idType, idNumber, name? }]</c>, at most <see cref="CheckRequest.MaxRelatedPersons"/>.
    /// Bound as the wire has them when <paramref name="today"/> is null (a check's, judged by the pipeline); otherwise
    /// each identity is validated and normalised here (a sampling population's units).
    /// </summary>
    public static ImmutableArray<RelatedInput> ReadRelated(JsonFields body, DateOnly? today)
    {
        var items = body.Array("relatedPersons", required: false, CheckRequest.MaxRelatedPersons);
        if (items is null)
        {
            return [];
        }

        var related = ImmutableArray.CreateBuilder<RelatedInput>();
        foreach (var item in items)
        {
            var role = item.Choice("role", required: true, RelatedRoles);
            var subject = today is { } on
                ? Read(item, nameRequired: false, on, FieldsWithRole) is { } valid ? new SubjectInput(valid.IdType, valid.IdNumber) : null
                : ReadInput(item, FieldsWithRole);
            if (role is { } r && subject is not null)
            {
                related.Add(new RelatedInput(r, subject));
            }
        }

        return related.ToImmutable();
    }

    /// <summary>
    /// A subject named in a route (<c>…/{idType}/{idNumber}</c>): its normalised identity, or null with the invalid
    /// part (<c>idType</c> or <c>idNumber</c>) in <paramref name="errors"/>.
    /// </summary>
    public static SubjectIdentity? ReadPath(string idType, string idNumber, DateOnly today, ValidationErrors errors)
    {
        if (!IdTypes.TryGetValue(idType, out var type))
        {
            errors.Add("idType", $"must be one of: {string.Join(", ", IdTypes.Keys)}");
            return null;
        }

        if (!IdentityParser.TryParse(type, idNumber, today, out var identity, out var error))
        {
            errors.Add("idNumber", error);
            return null;
        }

        return identity;
    }

    /// <summary>The form names are stored and searched in (<see cref="SubjectNames.Normalise"/>).</summary>
    public static string NormaliseName(string name) => SubjectNames.Normalise(name);

    public static string IdTypeWire(IdType type) => IdentityParser.ToWire(type);
}
