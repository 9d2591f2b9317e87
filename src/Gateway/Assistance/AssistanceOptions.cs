using System.ComponentModel.DataAnnotations;
using JointPunishment.Storage.Assistance;

namespace JointPunishment.Gateway.Assistance;

/// <summary>
/// Assistance requests (section <c>Assistance</c>): the days an agency has to answer, per kind
/// (<c>Assistance:DueDays:freeze</c> …), counted in China Standard Time calendar days from the day of the request.
/// </summary>
public sealed class AssistanceOptions : IValidatableObject
{
    public const string Section = "Assistance";

    public const int DefaultDays = 7;
    public const int MaxDays = 365;

    public AssistanceDueDays DueDays { get; set; } = new();

    /// <summary>The request's due date when made on <paramref name="today"/> (CST).</summary>
    public DateOnly DueOn(AssistanceKind kind, DateOnly today) => today.AddDays(DueDays.For(kind));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var kind in Enum.GetValues<AssistanceKind>())
        {
            if (DueDays.For(kind) is < 1 or > MaxDays)
            {
                yield return new ValidationResult($"{Section}:DueDays:{kind} must be from 1 to {MaxDays} days", [$"DueDays.{kind}"]);
            }
        }
    }
}
