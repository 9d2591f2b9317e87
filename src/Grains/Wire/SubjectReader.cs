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

    /// <summary>
    /// A subject named in a route (<c>…/{idType}/{idNumber}</c>) or in a body (under <paramref name="path"/>): its
    /// normalised identity, or null with the invalid part (<c>idType</c> or <c>idNumber</c>) in <paramref name="errors"/>.
    /// </summary>
    public static SubjectIdentity? ReadPath(string idType, string idNumber, DateOnly today, ValidationErrors errors, string path = "")
    {
        var prefix = path.Length == 0 ? "" : path + ".";
        if (!IdTypes.TryGetValue(idType, out var type))
        {
            errors.Add(prefix + "idType", $"must be one of: {string.Join(", ", IdTypes.Keys)}");
            return null;
        }

        if (!IdentityParser.TryParse(type, idNumber, today, out var identity, out var error))
        {
            errors.Add(prefix + "idNumber", error);
            return null;
        }

        return identity;
    }

    /// <summary>The form names are stored and searched in (<see cref="SubjectNames.Normalise"/>).</summary>
    public static string NormaliseName(string name) => SubjectNames.Normalise(name);

    public static string IdTypeWire(IdType type) => IdentityParser.ToWire(type);
}
