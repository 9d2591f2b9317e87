using System.Collections.Immutable;

namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>
/// What a silo's copy of an index shard must apply: every hash of the shard (<see cref="IsSnapshot"/>) or those
/// added after the version the copy had, up to <see cref="Version"/> of activation <see cref="Epoch"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("jp.ShardChanges")]
public sealed record ShardChanges(
    [property: Id(0)] Guid Epoch,
    [property: Id(1)] long Version,
    [property: Id(2)] bool IsSnapshot,
    [property: Id(3)] ImmutableArray<long> Hashes);
