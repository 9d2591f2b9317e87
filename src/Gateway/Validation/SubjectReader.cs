using System.Collections.Frozen;
using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Domain.PublicList;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Gateway.Validation;

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

    /// <summary>The form names are stored and searched in (<see cref="SubjectNames.Normalise"/>).</summary>
    public static string NormaliseName(string name) => SubjectNames.Normalise(name);

    public static string IdTypeWire(IdType type) => IdentityParser.ToWire(type);
}
