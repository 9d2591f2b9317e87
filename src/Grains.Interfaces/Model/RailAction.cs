namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>The ticket a railway is about to sell (二(七)1): train number such as <c>G123</c> and a seat class wire name.</summary>
[GenerateSerializer, Immutable, Alias("jp.RailAction")]
public sealed record RailAction([property: Id(0)] string TrainNumber, [property: Id(1)] string SeatClass);
