using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Gateway.Wire;

/// <summary>An objection an agency referred to the court of a case (四(二)3), <c>open</c> or <c>taken_up</c>.</summary>
public sealed record ObjectionDto(string Id, string Agency, string Measure, string Reason, DateTimeOffset ReceivedAt, string Status, DateOnly? TakenUpOn)
{
    public const string Open = "open";
    public const string TakenUp = "taken_up";

    public static ObjectionDto From(Objection o) =>
        new(o.Id, o.Agency, o.Measure, o.Reason, o.ReceivedAt, o.IsOpen ? Open : TakenUp, o.TakenUpOn);
}
