using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>A subject as an agency sends it: identifier type and number as typed (validated and normalised by the cluster).</summary>
[GenerateSerializer, Immutable, Alias("jp.SubjectInput")]
public sealed record SubjectInput([property: Id(0)] IdType IdType, [property: Id(1)] string IdNumber);
