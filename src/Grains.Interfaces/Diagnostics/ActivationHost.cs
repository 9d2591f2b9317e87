namespace JointPunishment.Grains.Interfaces.Diagnostics;

/// <summary>Where an activation runs: the silo's address and its operating-system process id.</summary>
[GenerateSerializer, Immutable, Alias("jp.ActivationHost")]
public sealed record ActivationHost([property: Id(0)] string Silo, [property: Id(1)] int ProcessId);
