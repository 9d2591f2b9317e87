namespace JointPunishment.Grains.Diagnostics;

[GenerateSerializer, Alias("jp.StorageProbeState.v1")]
public sealed class StorageProbeState
{
    [Id(0)] public string? Value { get; set; }
}
