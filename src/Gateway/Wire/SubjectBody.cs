using System.ComponentModel.DataAnnotations;

namespace JointPunishment.Gateway.Wire;

/// <summary>
/// A subject as a request names it (CONTRACT "Conventions"): <c>resident_id</c> and <c>uscc</c> are checked with their
/// check characters, a resident id's birth date must be a real date, and a lower-case <c>x</c> is read as <c>X</c>.
/// </summary>
public sealed record SubjectBody
{
    /// <summary>The kind of identifier.</summary>
    [AllowedValues("resident_id", "passport", "uscc", "org_code")]
    public required string IdType { get; init; }

    /// <summary>The identifier itself.</summary>
    [MaxLength(64)]
    public required string IdNumber { get; init; }

    /// <summary>The subject's name, as on the identity document.</summary>
    [MaxLength(200)]
    public string? Name { get; init; }
}
