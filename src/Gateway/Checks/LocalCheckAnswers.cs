using JointPunishment.Gateway.Auth;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Keys;

namespace JointPunishment.Gateway.Checks;

/// <summary>
/// The negative path in the gateway itself: a check whose subject (and related persons) this gateway's current copy
/// of the index shows no court has named is answered <c>allow</c> here, with a check id and a count exactly as
/// <see cref="CheckGrain"/> gives them, without a call into the cluster. Anything else — a named subject, a shard
/// copy whose lease lapsed, an agency not holding the measure — goes to the cluster as before.
/// </summary>
public sealed class LocalCheckAnswers(LocalIndexReplica replica, SubjectKeys keys, AllowedChecks allowed)
{
    /// <summary>Whether checks by <paramref name="caller"/> for <paramref name="measure"/> may be answered here at all.</summary>
    public static bool Serves(Caller caller, string measure) => caller.Measures.Contains(measure);

    /// <summary>True only when this gateway's copy is current and does not hold <paramref name="subject"/> (a normalised identity).</summary>
    public bool IsUnnamed(SubjectInput subject) => replica.Contains(keys.HashFor(subject.IdType, subject.IdNumber)) == false;

    /// <summary>An allow for one check, counted; null when it must go to the cluster.</summary>
    public CheckOutcome? TryAllow(Caller caller, CheckRequest request)
    {
        if (!Serves(caller, request.Measure) || !IsUnnamed(request.Subject) || !request.Related.All(r => IsUnnamed(r.Subject)))
        {
            return null;
        }

        return allowed.One(caller.Code, request.Measure);
    }

    /// <summary>The answers to <paramref name="count"/> subjects of a batch found unnamed, counted with one call.</summary>
    public CheckOutcome[] AllowMany(string agency, string measure, int count) => allowed.Many(agency, measure, count);
}
