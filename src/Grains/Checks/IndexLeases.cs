namespace JointPunishment.Grains.Checks;

/// <summary>Timing of the lease between an index shard and the silo copies that follow it.</summary>
public static class IndexLeases
{
    /// <summary>How long a follow call keeps a copy entitled to answer from memory, counted by the shard from the call's arrival.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    /// <summary>How long a follow call waits for a change before answering "nothing new".</summary>
    public static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The copy stops answering this much before the shard's view of its lease ends.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(500);
}
