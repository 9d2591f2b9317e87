namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>
/// An index shard activation found that a later activation of the same shard has taken over (a duplicate activation,
/// e.g. across a membership change): it answers nothing more and deactivates, so a retry reaches the current one. A
/// <see cref="TimeoutException"/>, because to a caller it is one: no answer this time, retry.
/// </summary>
[GenerateSerializer, Alias("jp.ShardSupersededException")]
public sealed class ShardSupersededException : TimeoutException
{
    public ShardSupersededException()
    {
    }

    public ShardSupersededException(string message)
        : base(message)
    {
    }

    public ShardSupersededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
