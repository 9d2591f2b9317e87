using JointPunishment.Gateway.Validation;
using JointPunishment.Grains.Wire.Records;

namespace JointPunishment.Gateway.Wire;

/// <summary>A subject as a request names it: its identifier (<see cref="IdentifiedBody"/>) and, optionally, its name.</summary>
public sealed record SubjectBody : IdentifiedBody
{
    /// <summary>The subject's name, as on the identity document.</summary>
    [MaxLength(200)]
    public string? Name { get; init; }
}
