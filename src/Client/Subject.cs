namespace JointPunishment.Client;

/// <summary>A person or unit, named by its identifier: <c>{ "idType", "idNumber", "name" }</c>.</summary>
/// <param name="IdType">The kind of identifier.</param>
/// <param name="IdNumber">The identifier; the gateway validates its check character and answers 400 naming the field when it is wrong.</param>
/// <param name="Name">The subject's name; optional for checks (the identifier decides).</param>
public sealed record Subject(IdType IdType, string IdNumber, string? Name = null)
{
    /// <summary>The subject without its full identifier, so that logging a request never writes an identity number.</summary>
    public override string ToString() => $"{IdType} {IdentifierMask.Mask(IdNumber)}";
}
