namespace JointPunishment.Gateway.Wire;

public sealed record SuspensionDto(string? Measure, DateOnly Since);
