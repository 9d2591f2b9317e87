namespace JointPunishment.Client;

/// <summary>A person related to the applicant of a check (<c>+A</c> measures): <c>{ "role", "idType", "idNumber", "name" }</c>.</summary>
/// <param name="Role">How the person stands to the applicant.</param>
/// <param name="IdType">The kind of identifier.</param>
/// <param name="IdNumber">The identifier.</param>
/// <param name="Name">The person's name, optional.</param>
public sealed record RelatedPerson(RelatedPersonRole Role, IdType IdType, string IdNumber, string? Name = null)
{
    /// <summary>The person without the full identifier, so that logging never writes an identity number.</summary>
    public override string ToString() => $"{Role} {IdType} {IdentifierMask.Mask(IdNumber)}";
}
