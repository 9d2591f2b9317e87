namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>An invalid field of a check request, by its path in the HTTP body (<c>subject.idNumber</c>, <c>relatedPersons[2].idNumber</c>), and why.</summary>
[GenerateSerializer, Immutable, Alias("jp.FieldError")]
public sealed record FieldError([property: Id(0)] string Field, [property: Id(1)] string Message);
