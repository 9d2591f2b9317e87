namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>信息核实期间暂不执行: a measure (null = every measure) not enforced while the court verifies an objection (四(二)4).</summary>
[GenerateSerializer, Immutable, Alias("jp.Suspension")]
public sealed record Suspension([property: Id(0)] string? Measure, [property: Id(1)] DateOnly Since);
