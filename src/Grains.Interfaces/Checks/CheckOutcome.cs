using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>The answer to one check: a recorded <see cref="CheckId"/> and <see cref="Result"/>, or an <see cref="Error"/> with its <see cref="Message"/>.</summary>
[GenerateSerializer, Immutable, Alias("jp.CheckOutcome")]
public sealed record CheckOutcome(
    [property: Id(0)] string? CheckId,
    [property: Id(1)] CheckResult? Result,
    [property: Id(2)] CheckError Error = CheckError.None,
    [property: Id(3)] string? Field = null,
    [property: Id(4)] string? Message = null)
{
    public static CheckOutcome Invalid(string field, string message) => new(null, null, CheckError.Invalid, field, message);

    public static CheckOutcome Forbidden(string message) => new(null, null, CheckError.Forbidden, null, message);
}
