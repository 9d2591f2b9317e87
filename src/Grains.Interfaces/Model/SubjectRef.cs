namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>A subject as a court named it: a validated, normalised identifier and the name given.</summary>
[GenerateSerializer, Immutable, Alias("jp.SubjectRef")]
public sealed record SubjectRef(
    [property: Id(0)] IdType IdType,
    [property: Id(1)] string IdNumber,
    [property: Id(2)] string Name);
