namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>What became of one court event; <see cref="Error"/> says why it was rejected.</summary>
[GenerateSerializer, Immutable, Alias("jp.EventOutcome")]
public sealed record EventOutcome([property: Id(0)] EventStatus Status, [property: Id(1)] string? Error = null)
{
    public static readonly EventOutcome Applied = new(EventStatus.Applied);
    public static readonly EventOutcome Duplicate = new(EventStatus.Duplicate);

    public static EventOutcome Rejected(string reason) => new(EventStatus.Rejected, reason);
}
