namespace JointPunishment.Client;

/// <summary>A member added to a watchlist: <c>{ "ref", "idType", "idNumber", "name" }</c>. The gateway stores no identity number in clear.</summary>
/// <param name="Ref">The agency's own reference for the member (at most 64 characters); alerts name the member by it.</param>
/// <param name="IdType">The kind of identifier.</param>
/// <param name="IdNumber">The identifier.</param>
/// <param name="Name">The member's name, optional.</param>
public sealed record WatchlistMember(string Ref, IdType IdType, string IdNumber, string? Name = null)
{
    /// <summary>The member without the full identifier, so that logging never writes an identity number.</summary>
    public override string ToString() => $"{Ref} {IdType} {IdentifierMask.Mask(IdNumber)}";
}
