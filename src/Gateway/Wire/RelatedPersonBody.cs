using JointPunishment.Gateway.Validation;
using JointPunishment.Grains.Wire.Records;

namespace JointPunishment.Gateway.Wire;

/// <summary>
/// A person related to a unit, for +A measures (CONTRACT "Agency", <c>relatedPersons</c>): the unit is restricted when the
/// person is listed. The subject's fields sit beside <c>role</c>, as in <see cref="SubjectBody"/>.
/// </summary>
public sealed record RelatedPersonBody : IdentifiedBody
{
    /// <summary>The person's role in the unit.</summary>
    [Required]
    [RelatedRole]
    public required string Role { get; init; }

    /// <summary>The person's name (not used to decide).</summary>
    [MaxLength(200)]
    public string? Name { get; init; }
}
