using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Domain.PublicList;

/// <summary>
/// The form in which an identifier may be shown to the public (三(一), CONTRACT "Public views"): a resident id keeps its
/// first 10 and last 4 characters, a passport its first 2 and last 2, and a unit's code is shown in full, as the
/// national list does. The masked form is all the public read model stores of a person's number.
/// </summary>
public static class IdentityMask
{
    private const string Stars = "****";

    /// <summary>Masks a normalised identifier of <paramref name="type"/>.</summary>
    public static string Mask(IdType type, string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        return type switch
        {
            IdType.ResidentId => Keep(number, 10, 4),
            IdType.Passport => Keep(number, 2, 2),
            IdType.Uscc or IdType.OrgCode => number,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown identifier type."),
        };
    }

    /// <summary>Keeps <paramref name="head"/> and <paramref name="tail"/> characters; a number too short to hide anything is hidden whole.</summary>
    private static string Keep(string number, int head, int tail) =>
        number.Length <= head + tail
            ? Stars
            : string.Concat(number.AsSpan(0, head), Stars, number.AsSpan(number.Length - tail));
}
