namespace JointPunishment.Grains.Wire.Records;

/// <summary>A subject that must be named: what a court lists or asks about, and a red-list entry (a check's subject, <c>SubjectBody</c>, may go unnamed).</summary>
public sealed record NamedSubjectBody : IdentifiedBody
{
    /// <summary>The subject's name, as on the identity document.</summary>
    [Required]
    [MaxLength(200)]
    public required string Name { get; init; }
}
