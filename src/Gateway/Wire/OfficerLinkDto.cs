namespace JointPunishment.Gateway.Wire;

public sealed record OfficerLinkDto(SubjectDto Unit, string Role, string CaseNumber, string Court, string Status);
