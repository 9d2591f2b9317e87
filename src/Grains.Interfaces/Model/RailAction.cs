namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>
/// The ticket a railway is about to sell (二(七)1): train number such as <c>G123</c>, a seat class wire name, and
/// optionally whether the train is an EMU.
/// </summary>
[GenerateSerializer, Immutable, Alias("jp.RailAction")]
public sealed record RailAction([property: Id(0)] string TrainNumber, [property: Id(1)] string SeatClass)
{
    /// <summary>
    /// Whether the train is an EMU (动车组列车) or a conventional train, as the railway knows it. When null, the train
    /// letter decides: G, D and C trains are EMUs, every other letter (K, T, Z, S, Y, L) and a number without a letter
    /// conventional. A G train (G字头动车组列车) is an EMU whatever this says: every seat on it is restricted.
    /// </summary>
    [Id(2)] public TrainType? TrainType { get; init; }
}
