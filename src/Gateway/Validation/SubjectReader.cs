using System.Collections.Frozen;
using JointPunishment.Grains.Domain.Identity;
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

    /// <summary>Trimmed, full-width ASCII folded to half-width: the form names are stored and searched in.</summary>
    public static string NormaliseName(string name) =>
        string.Create(name.Trim().Length, name.Trim(), static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c == '\u3000' ? ' ' : c;
            }
        }).Trim();

    public static string IdTypeWire(IdType type) => IdentityParser.ToWire(type);
}
