namespace JointPunishment.Storage.Checks;

/// <summary>One counter of checks: agency, measure, decision and the second they were answered in (Unix seconds).</summary>
internal readonly record struct CountKey(string Agency, string Measure, short Decision, long Second);
