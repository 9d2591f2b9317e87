using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Checks;

/// <summary>
/// The answer to a check that allows: a check id, and a count in the check records (an allow leaves no row of its
/// own). One place for both hosts that answer checks: <see cref="CheckGrain"/> and the HTTP gateway's own answers.
/// </summary>
public sealed class AllowedChecks(CheckIds checkIds, ICheckRecorder recorder, TimeProvider time)
{
    /// <summary>One allowed check, counted; <paramref name="result"/> is the subject grain's allow when it has one (its incentives).</summary>
    public CheckOutcome One(string agency, string measure, CheckResult? result = null)
    {
        var at = time.GetUtcNow();
        recorder.RecordAllowed(agency, measure, at, 1);
        return new CheckOutcome(checkIds.Issue(agency, Decision.Allow, at).ToString(), result ?? CheckResult.Allow);
    }

    /// <summary><paramref name="count"/> allowed checks of one batch: their ids MACed together, counted with one call.</summary>
    public CheckOutcome[] Many(string agency, string measure, int count)
    {
        var at = time.GetUtcNow();
        recorder.RecordAllowed(agency, measure, at, count);
        return [.. checkIds.IssueMany(agency, Decision.Allow, at, count).Select(id => new CheckOutcome(id.ToString(), CheckResult.Allow))];
    }
}
