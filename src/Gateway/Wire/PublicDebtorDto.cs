namespace JointPunishment.Gateway.Wire;

/// <summary>One active public listing as the public query shows it. <c>match</c> is <c>exact</c> or <c>similar</c> (a close name).</summary>
public sealed record PublicDebtorDto(string Name, string IdNumberMasked, string CaseNumber, string Court, DateOnly ListedOn, string Match);
