using System.Diagnostics.CodeAnalysis;

namespace JointPunishment.Client;

/// <summary>One subject's answer in a batch check: either a decision or, for an invalid subject, an error.</summary>
/// <param name="CheckId">The check's id, for feedback; null when <see cref="Error"/> is set.</param>
/// <param name="Decision">What the agency must do; null when <see cref="Error"/> is set.</param>
/// <param name="Measures">The measures that apply; null when <see cref="Error"/> is set.</param>
/// <param name="Error">Why this subject could not be checked (such as <c>idNumber: check character does not match</c>); the others were still checked.</param>
public sealed record BatchCheckResult(string? CheckId, Decision? Decision, IReadOnlyList<AppliedMeasure>? Measures, string? Error)
{
    /// <summary>Whether the subject was checked (then <see cref="CheckId"/>, <see cref="Decision"/> and <see cref="Measures"/> are set).</summary>
    [MemberNotNullWhen(true, nameof(CheckId), nameof(Measures))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsChecked => Error is null;
}
