namespace JointPunishment.Client;

/// <summary>A measure that applies to the checked subject, with the cases it rests on.</summary>
/// <param name="Code">The measure's code, such as <c>consumption.rail</c>.</param>
/// <param name="Effect">What the measure does.</param>
/// <param name="Basis">The cases it rests on.</param>
public sealed record AppliedMeasure(string Code, Effect Effect, IReadOnlyList<Basis> Basis);
