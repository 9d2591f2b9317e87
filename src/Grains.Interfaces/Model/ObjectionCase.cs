namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>A case an objection was referred to, and the court that must take it up.</summary>
[GenerateSerializer, Immutable, Alias("jp.ObjectionCase")]
public sealed record ObjectionCase([property: Id(0)] string CaseNumber, [property: Id(1)] string Court);
