namespace JointPunishment.Gateway.Wire;

public sealed record RetentionDto(string Measure, DateOnly Until, string Basis, DateOnly Since);
