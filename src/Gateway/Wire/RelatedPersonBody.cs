using System.ComponentModel.DataAnnotations;

namespace JointPunishment.Gateway.Wire;

/// <summary>
/// A person related to a unit, for +A measures (CONTRACT "Agency", <c>relatedPersons</c>): the unit is restricted when the
/// person is listed. The subject's fields sit beside <c>role</c>, as in <see cref="SubjectBody"/>.
/// </summary>
public sealed record RelatedPersonBody
{
    /// <summary>The person's role in the unit.</summary>
    [AllowedValues("legal_representative", "actual_controller", "director", "supervisor", "senior_manager", "principal")]
    public required string Role { get; init; }

    /// <summary>The kind of identifier.</summary>
    [AllowedValues("resident_id", "passport", "uscc", "org_code")]
    public required string IdType { get; init; }

    /// <summary>The identifier itself.</summary>
    [MaxLength(64)]
    public required string IdNumber { get; init; }

    /// <summary>The person's name (not used to decide).</summary>
    [MaxLength(200)]
    public string? Name { get; init; }
}
