namespace JointPunishment.Storage.Statistics;

/// <summary>
/// One agency, measure and CST day: checks and hits (from <c>jp_check_count</c>) and the feedback on that day's
/// checks (from <c>jp_feedback</c>); or a downstream node's agency, <c>{node}/{agency}</c>, from its reports
/// (<c>jp_node_report</c>). <see cref="Measure"/> is null for feedback on allowed checks, which keep no row.
/// </summary>
public sealed record StatsRow(string Agency, string? Measure, DateOnly Day, long Checks, long Hits, long Refused, long Served, long Reviewed);
