using System.ComponentModel.DataAnnotations;

namespace JointPunishment.Gateway.Wire;

/// <summary>
/// The identifier every subject in a request carries (CONTRACT "Conventions"), whatever sits beside it: <c>resident_id</c>
/// and <c>uscc</c> are checked with their check characters, a resident id's birth date must be a real date, and a
/// lower-case <c>x</c> is read as <c>X</c>.
/// </summary>
public abstract record IdentifiedBody
{
    /// <summary>The kind of identifier.</summary>
    [AllowedValues("resident_id", "passport", "uscc", "org_code")]
    public required string IdType { get; init; }

    /// <summary>The identifier, checked with its check character where it has one.</summary>
    [MaxLength(64)]
    public required string IdNumber { get; init; }
}
