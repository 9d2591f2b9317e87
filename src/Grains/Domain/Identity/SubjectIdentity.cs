using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Domain.Identity;

/// <summary>
/// A subject's identifier after normalisation and validation. Obtain instances from
/// <see cref="IdentityParser.TryParse(IdType, string?, out SubjectIdentity, out string?)"/>: the
/// positional constructor does not validate, so constructing one directly bypasses the checks.
/// </summary>
/// <param name="Type">The kind of identifier.</param>
/// <param name="Number">The normalised identifier (upper-case, half-width, no surrounding space).</param>
public readonly record struct SubjectIdentity(IdType Type, string Number)
{
    /// <summary>True for identifiers of natural persons: resident id and passport.</summary>
    public bool IsPerson => Type is IdType.ResidentId or IdType.Passport;

    /// <summary>True for identifiers of units: unified social credit code and organisation code.</summary>
    public bool IsUnit => Type is IdType.Uscc or IdType.OrgCode;

    /// <summary>
    /// <c>wire:number</c>, e.g. <c>uscc:91350100M000100Y43</c>. The type is part of the key because a
    /// passport number and another kind of identifier may share the same characters.
    /// </summary>
    public string Canonical => $"{IdentityParser.ToWire(Type)}:{Number}";
}
