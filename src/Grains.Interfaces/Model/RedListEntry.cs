namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>
/// A subject's place on the red list (诚信典型, 五(三)), as the operator added it, and how it left the list: the
/// exit mechanism. An entry whose <see cref="ExitedOn"/> is set, or whose <see cref="Until"/> has passed, gives no
/// incentives and is not shown publicly; the operator still reads it.
/// </summary>
/// <param name="Category">The red list's category (≤ 100 characters).</param>
/// <param name="Basis">What the entry rests on (≤ 1000 characters).</param>
/// <param name="Since">The day it was added (China Standard Time).</param>
/// <param name="Until">The last day it applies; null for no end.</param>
[GenerateSerializer, Immutable, Alias("jp.RedListEntry")]
public sealed record RedListEntry(
    [property: Id(0)] string Category,
    [property: Id(1)] string Basis,
    [property: Id(2)] DateOnly Since,
    [property: Id(3)] DateOnly? Until)
{
    /// <summary>The day the subject left the red list; null while it is on it.</summary>
    [Id(4)] public DateOnly? ExitedOn { get; init; }

    /// <summary>Why it left: <c>listed: &lt;case number&gt;</c>, or <c>removed</c> by the operator.</summary>
    [Id(5)] public string? ExitReason { get; init; }

    /// <summary>Whether the entry gives incentives and is shown on <paramref name="today"/>: not exited, not expired.</summary>
    public bool IsActiveOn(DateOnly today) => ExitedOn is null && (Until is null || Until >= today);
}
