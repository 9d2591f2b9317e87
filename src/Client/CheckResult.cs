namespace JointPunishment.Client;

/// <summary>The answer to a check.</summary>
/// <param name="CheckId">The check's id: report what the agency did with <see cref="JointPunishmentClient.SendFeedbackAsync"/>.</param>
/// <param name="Decision">What the agency must do.</param>
/// <param name="Measures">The measures that apply, each with its cases; empty on <see cref="Decision.Allow"/>.</param>
public sealed record CheckResult(string CheckId, Decision Decision, IReadOnlyList<AppliedMeasure> Measures)
{
    /// <summary>A red-listed subject's incentives when nothing restricts it (absent otherwise, and from gateways that do not serve the red list).</summary>
    public IReadOnlyList<Incentive>? Incentives { get; init; }
}
