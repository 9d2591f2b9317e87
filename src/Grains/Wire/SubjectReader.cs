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
    /// <summary>The identifier types by wire name (<c>resident_id</c>, <c>passport</c>, <c>uscc</c>, <c>org_code</c>).</summary>
    public static readonly FrozenDictionary<string, IdType> IdTypes = WireNames.Parser<IdType>();

    /// <summary>
    /// The roles a related person of an applicant unit may have (+A measures), in the order errors list them: the one
    /// rule for HTTP's binding (<see cref="Records.RelatedRoleAttribute"/>) and the check pipeline's alike.
    /// </summary>
    public static readonly ImmutableArray<SubjectRole> RelatedRoleOrder =
    [
        SubjectRole.LegalRepresentative, SubjectRole.ActualController, SubjectRole.Director,
        SubjectRole.Supervisor, SubjectRole.SeniorManager, SubjectRole.Principal,
    ];

    /// <summary>Wire names of <see cref="RelatedRoleOrder"/>, in that order.</summary>
    public static readonly ImmutableArray<string> RelatedRoleNames = [.. RelatedRoleOrder.Select(WireNames.Of)];

    /// <summary>The related persons' roles by wire name.</summary>
    public static readonly FrozenDictionary<string, SubjectRole> RelatedRoles =
        RelatedRoleOrder.ToFrozenDictionary(WireNames.Of, role => role, StringComparer.Ordinal);

    /// <summary>Whether a related person may have <paramref name="role"/>.</summary>
    public static bool IsRelatedRole(SubjectRole role) => RelatedRoleOrder.Contains(role);

    /// <summary>
    /// A subject named in a route (<c>…/{idType}/{idNumber}</c>) or in a body (under <paramref name="path"/>): its
    /// normalised identity, or null with the invalid part (<c>idType</c> or <c>idNumber</c>) in <paramref name="errors"/>.
    /// </summary>
    public static SubjectIdentity? ReadPath(string idType, string idNumber, DateOnly today, ValidationErrors errors, string path = "")
    {
        var prefix = path.Length == 0 ? "" : path + ".";
        if (!IdTypes.TryGetValue(idType, out var type))
        {
            errors.Add(prefix + "idType", WireNames.MustBeOneOf(WireNames.All<IdType>()));
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
