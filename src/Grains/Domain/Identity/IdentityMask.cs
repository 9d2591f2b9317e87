using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Domain.Identity;

/// <summary>
/// The public form of an identifier (CONTRACT.md "Public"): a resident id keeps its first 10 and last 4 characters,
/// a passport its first 2 and last 2; unit codes are public on the national list and shown in full.
/// </summary>
public static class IdentityMask
{
    public static string Mask(IdType type, string normalisedNumber) => type switch
    {
        IdType.ResidentId when normalisedNumber.Length > 14 => Keep(normalisedNumber, 10, 4),
        IdType.Passport when normalisedNumber.Length > 4 => Keep(normalisedNumber, 2, 2),
        IdType.ResidentId or IdType.Passport => new string('*', normalisedNumber.Length),
        _ => normalisedNumber,
    };

    private static string Keep(string number, int head, int tail) =>
        string.Concat(number.AsSpan(0, head), new string('*', number.Length - head - tail), number.AsSpan(number.Length - tail));
}
