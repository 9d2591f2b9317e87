namespace JointPunishment.Grains.Interfaces.Checks;

[GenerateSerializer, Immutable, Alias("jp.ShardStatistics")]
public sealed record ShardStatistics([property: Id(0)] int Count, [property: Id(1)] long ApproximateBytes)
{
    /// <summary>Copies whose lease on the shard has not run out.</summary>
    [Id(2)]
    public int Leases { get; init; }
}
