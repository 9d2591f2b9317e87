using System.ComponentModel.DataAnnotations;

namespace JointPunishment.Gateway.Wire;

/// <summary>A subject that must be named: what a court lists or asks about, and a red-list entry (see <see cref="SubjectBody"/>).</summary>
public sealed record NamedSubjectBody
{
    /// <summary>The kind of identifier.</summary>
    [AllowedValues("resident_id", "passport", "uscc", "org_code")]
    public required string IdType { get; init; }

    /// <summary>The identifier, checked with its check character where it has one.</summary>
    [MaxLength(64)]
    public required string IdNumber { get; init; }

    /// <summary>The subject's name, as on the identity document.</summary>
    [MaxLength(200)]
    public required string Name { get; init; }
}
