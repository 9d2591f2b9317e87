namespace JointPunishment.Gateway.Wire;

public sealed record OfficerDto(string Role, SubjectDto Subject);
