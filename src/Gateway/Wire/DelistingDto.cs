namespace JointPunishment.Gateway.Wire;

/// <summary>An entry republishers must delete (四(二)7). <c>kind</c> is <c>shielded</c> or <c>revoked</c>; <c>at</c> when it left the list.</summary>
public sealed record DelistingDto(string CaseNumber, string Name, string IdNumberMasked, string Kind, DateTime At);
