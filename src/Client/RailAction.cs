namespace JointPunishment.Client;

/// <summary>What a <c>consumption.rail</c> check is about: the train and seat being sold.</summary>
/// <param name="TrainNumber">The train number, such as <c>G123</c>, <c>D5</c> or <c>K1234</c>.</param>
/// <param name="SeatClass">The seat class: <c>second</c>, <c>first</c>, <c>business</c>, <c>premium</c>, <c>soft_sleeper</c>, <c>hard_sleeper</c>, <c>hard_seat</c>, ….</param>
/// <param name="TrainType">The train's type when the number's letter does not tell it; null lets the gateway decide from the letter.</param>
public sealed record RailAction(string TrainNumber, string SeatClass, TrainType? TrainType = null);
