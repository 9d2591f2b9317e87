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

    public static SubjectRef? Read(JsonFields? subject, bool nameRequired, DateOnly today)
    {
        if (subject is null)
        {
            return null;
        }

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
