using System.Collections.Immutable;
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
    /// <summary>
    /// Of an <see cref="CheckError.Invalid"/> outcome, every invalid field with its message, in the order the request
    /// has them (<see cref="Field"/> and <see cref="Message"/> are the first); empty otherwise.
    /// </summary>
    [Id(5)] public ImmutableArray<FieldError> Errors { get; init; } = [];

    public static CheckOutcome Invalid(string field, string message) => new(null, null, CheckError.Invalid, field, message) { Errors = [new(field, message)] };

    /// <param name="errors">At least one.</param>
    public static CheckOutcome Invalid(IReadOnlyList<FieldError> errors) =>
        new(null, null, CheckError.Invalid, errors[0].Field, errors[0].Message) { Errors = [.. errors] };

    public static CheckOutcome Forbidden(string message) => new(null, null, CheckError.Forbidden, null, message);
}
